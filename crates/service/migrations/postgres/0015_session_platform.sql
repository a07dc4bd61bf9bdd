-- The system the browser named in `Sec-CH-UA-Platform` when the session started (Chromium's user
-- agent no longer tells it truly); NULL when not sent. Shown in the sessions list.
ALTER TABLE sessions ADD COLUMN platform TEXT;
