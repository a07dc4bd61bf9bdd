//! What a session's browser says of itself (`User-Agent`, and `Sec-CH-UA-Platform` where sent), in
//! words a person recognises: the browser and the operating system, for the sessions list. A guess by well-known tokens, never a
//! security decision.

/// The browser and operating system named by a `User-Agent`, when recognised.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Device {
    pub browser: Option<&'static str>,
    pub os: Option<&'static str>,
}

impl Device {
    pub fn from_user_agent(ua: &str) -> Self {
        // Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari".
        const BROWSERS: [(&str, &str); 9] = [
            ("Edg/", "Edge"),
            ("OPR/", "Opera"),
            ("Vivaldi/", "Vivaldi"),
            ("SamsungBrowser/", "Samsung Internet"),
            ("Firefox/", "Firefox"),
            ("FxiOS/", "Firefox"),
            ("CriOS/", "Chrome"),
            ("Chrome/", "Chrome"),
            ("Safari/", "Safari"),
        ];
        const TOOLS: [(&str, &str); 3] =
            [("curl/", "curl"), ("python-requests/", "Python requests"), ("Wget/", "Wget")];
        const SYSTEMS: [(&str, &str); 8] = [
            ("Windows", "Windows"),
            ("iPhone", "iOS"),
            ("iPad", "iPadOS"),
            ("Android", "Android"),
            ("CrOS", "ChromeOS"),
            ("Mac OS X", "macOS"),
            ("Macintosh", "macOS"),
            ("Linux", "Linux"),
        ];
        let find =
            |list: &[(&str, &'static str)]| list.iter().find(|(token, _)| ua.contains(token)).map(|(_, name)| *name);
        let browser = if ua.contains("HeadlessChrome/") {
            Some("Chrome (headless)")
        } else {
            find(&BROWSERS).or_else(|| find(&TOOLS))
        };
        Self { browser, os: find(&SYSTEMS) }
    }

    /// As `from_user_agent`, with the system from `Sec-CH-UA-Platform` when the browser sent a known
    /// one: Chromium freezes the system in its user agent (every Windows is "Windows NT 10.0", every
    /// Mac "Intel Mac OS X 10_15_7"), but names it truly in this hint.
    pub fn from_request(ua: &str, platform: Option<&str>) -> Self {
        const PLATFORMS: [(&str, &str); 7] = [
            ("Windows", "Windows"),
            ("macOS", "macOS"),
            ("Linux", "Linux"),
            ("Android", "Android"),
            ("iOS", "iOS"),
            ("Chrome OS", "ChromeOS"),
            ("Chromium OS", "ChromeOS"),
        ];
        let mut device = Self::from_user_agent(ua);
        let hint = platform.map(|p| p.trim().trim_matches('"'));
        if let Some((_, name)) = hint.and_then(|h| PLATFORMS.iter().find(|(token, _)| *token == h)) {
            device.os = Some(name);
        }
        device
    }
}

#[cfg(test)]
mod tests {
    use super::Device;

    #[test]
    fn common_browsers_and_systems() {
        let cases = [
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                Some("Chrome"),
                Some("Linux"),
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                Some("Edge"),
                Some("Windows"),
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:133.0) Gecko/20100101 Firefox/133.0",
                Some("Firefox"),
                Some("macOS"),
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
                Some("Safari"),
                Some("iOS"),
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                Some("Chrome"),
                Some("Android"),
            ),
            ("curl/8.5.0", Some("curl"), None),
            ("", None, None),
        ];
        for (ua, browser, os) in cases {
            assert_eq!(Device::from_user_agent(ua), Device { browser, os }, "{ua}");
        }
    }

    #[test]
    fn the_platform_hint_names_the_system() {
        let chrome_on_linux_ua =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        let device = Device::from_request(chrome_on_linux_ua, Some("\"Chrome OS\""));
        assert_eq!(device, Device { browser: Some("Chrome"), os: Some("ChromeOS") });
        assert_eq!(Device::from_request(chrome_on_linux_ua, Some("\"Unknown\"")).os, Some("Linux"));
        assert_eq!(Device::from_request(chrome_on_linux_ua, None).os, Some("Linux"));
        assert_eq!(Device::from_request("", Some("\"macOS\"")).os, Some("macOS"));
    }
}
