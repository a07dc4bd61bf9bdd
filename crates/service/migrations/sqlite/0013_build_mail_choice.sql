-- Whether the user chose their build mails (`build_success`, `build_failure`) themselves: until they
-- do, those two follow the operator's `VESTIBULE_BUILD_MAIL_DEFAULT`, also after another kind was
-- turned off by an unsubscribe link. Rows written before this column count as chosen: most were
-- written by a choice; the few written by an unsubscribe link of another kind keep the default of
-- that day, as they did before.
ALTER TABLE notification_settings ADD COLUMN builds_chosen BIGINT NOT NULL DEFAULT 1;
