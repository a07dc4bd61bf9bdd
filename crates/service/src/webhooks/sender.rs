//! The HTTP side of a delivery, with the SSRF guard around it: an endpoint's host is resolved by a
//! resolver of our own that hands the connection only addresses it checked (`guard::blocked`), IP
//! literals (in any spelling the URL standard accepts: `2130706433`, `0177.0.0.1`, `127.1`,
//! `[::ffff:7f00:1]`) are checked as parsed, no proxy is used, redirects are never followed (a 3xx
//! is a failed attempt), and at most `RESPONSE_KEPT_BYTES` of an answer are read.

use super::guard;
use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use vestibule_domain::ValidationError;
use vestibule_domain::webhooks::{RESPONSE_KEPT_BYTES, TIMEOUT_SECONDS, WebhookPolicy, WebhookUrl};

/// Why an address may not be used: it leads somewhere private, or nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Blocked,
    Unresolvable,
}

impl Refusal {
    pub fn validation(self) -> ValidationError {
        match self {
            Self::Blocked => ValidationError::WebhookAddress,
            Self::Unresolvable => ValidationError::WebhookUnresolvable,
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Blocked => "the host resolves to a private, local or reserved address",
            Self::Unresolvable => "the host name could not be resolved",
        })
    }
}

impl std::error::Error for Refusal {}

/// Where webhook hosts are resolved: the system's resolver, or the operator's DNS server
/// (`VESTIBULE_WEBHOOK_DNS`), asked afresh every time. There is no cache of ours either way: the
/// answer checked is the answer connected to, whatever its time to live.
#[derive(Clone)]
pub enum HostResolver {
    System,
    Dns(Arc<hickory_resolver::TokioResolver>),
}

impl HostResolver {
    pub fn new(server: Option<SocketAddr>) -> Self {
        use hickory_resolver::config::{NameServerConfigGroup, ResolverConfig};
        let Some(server) = server else { return Self::System };
        let servers = NameServerConfigGroup::from_ips_clear(&[server.ip()], server.port(), true);
        let config = ResolverConfig::from_parts(None, Vec::new(), servers);
        let mut builder = hickory_resolver::TokioResolver::builder_with_config(config, Default::default());
        builder.options_mut().cache_size = 0;
        Self::Dns(Arc::new(builder.build()))
    }

    async fn lookup(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, Refusal> {
        match self {
            Self::System => {
                Ok(tokio::net::lookup_host((host, port)).await.map_err(|_| Refusal::Unresolvable)?.collect())
            }
            Self::Dns(resolver) => Ok(resolver
                .lookup_ip(host)
                .await
                .map_err(|_| Refusal::Unresolvable)?
                .iter()
                .map(|ip| SocketAddr::new(ip, port))
                .collect()),
        }
    }
}

/// Every address `host` resolves to, when each one may be reached (a development host may reach any).
async fn resolve_checked(
    resolver: &HostResolver,
    host: &str,
    port: u16,
    dev: bool,
) -> Result<Vec<SocketAddr>, Refusal> {
    let addrs = resolver.lookup(host, port).await?;
    if addrs.is_empty() {
        return Err(Refusal::Unresolvable);
    }
    if !dev && addrs.iter().any(|a| guard::blocked(a.ip())) {
        return Err(Refusal::Blocked);
    }
    Ok(addrs)
}

/// Whether the host of `url` may be reached: an IP literal (as the URL standard reads it) is checked
/// directly, a name by resolving it. `written` is the host as the owner wrote it: only that
/// spelling is matched against the operator's development hosts, so `2130706433` is not `127.0.0.1`.
async fn check_parsed(
    resolver: &HostResolver,
    policy: &WebhookPolicy,
    written: &str,
    url: &Url,
) -> Result<(), Refusal> {
    // The same spelling after the URL standard's normalisation too, as the resolver will see it.
    let dev = policy.is_dev_host(written) && url.host_str().is_some_and(|h| h.eq_ignore_ascii_case(written));
    match url.host() {
        Some(url::Host::Ipv4(ip)) if !dev && guard::blocked(IpAddr::V4(ip)) => Err(Refusal::Blocked),
        Some(url::Host::Ipv6(ip)) if !dev && guard::blocked(IpAddr::V6(ip)) => Err(Refusal::Blocked),
        Some(url::Host::Domain(name)) => {
            resolve_checked(resolver, name, url.port_or_known_default().unwrap_or(443), dev).await.map(|_| ())
        }
        _ => Ok(()),
    }
}

/// reqwest's resolver for deliveries: only checked addresses reach the connection.
struct Guarded {
    policy: WebhookPolicy,
    resolver: HostResolver,
}

impl Resolve for Guarded {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        let dev = self.policy.is_dev_host(&host);
        let resolver = self.resolver.clone();
        Box::pin(async move {
            let addrs = resolve_checked(&resolver, &host, 0, dev).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// What one attempt got.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub status: Option<u16>,
    pub latency_ms: i64,
    /// The first `RESPONSE_KEPT_BYTES` of the body, as text.
    pub response: String,
    /// `Retry-After`, in seconds from now.
    pub retry_after: Option<i64>,
    /// Why there is no answer (or why the address was refused).
    pub error: Option<String>,
}

impl Answer {
    pub fn accepted(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Sends deliveries. One per process: its connections are reused across deliveries.
pub struct Sender {
    client: reqwest::Client,
    policy: WebhookPolicy,
    resolver: HostResolver,
}

impl Sender {
    /// `dns`: the operator's DNS server for webhook hosts, if not the system's resolver.
    pub fn new(policy: &WebhookPolicy, dns: Option<SocketAddr>) -> Result<Self, String> {
        let resolver = HostResolver::new(dns);
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(Guarded { policy: policy.clone(), resolver: resolver.clone() }))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(Duration::from_secs(TIMEOUT_SECONDS))
            .connect_timeout(Duration::from_secs(TIMEOUT_SECONDS))
            .user_agent(concat!("Vestibule-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("webhook client: {e}"))?;
        Ok(Self { client, policy: policy.clone(), resolver })
    }

    /// At save time: whether `url` may be used, as the message the form shows.
    pub async fn check_url(&self, url: &WebhookUrl) -> Result<(), ValidationError> {
        let parsed = Url::parse(url.as_str()).map_err(|_| ValidationError::UrlFormat)?;
        check_parsed(&self.resolver, &self.policy, url.host(), &parsed).await.map_err(Refusal::validation)
    }

    /// POSTs `body` with `headers` to `url`. Never an error: what happened is in the answer.
    pub async fn post(&self, url: &str, headers: &[(&str, String)], body: String) -> Answer {
        let started = Instant::now();
        let elapsed = |started: Instant| i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let failed = |error: String| Answer { latency_ms: elapsed(started), error: Some(error), ..Answer::default() };
        // Checked again as at save time (the rules or the operator's hosts may have changed).
        let written = match WebhookUrl::parse(url, &self.policy) {
            Ok(written) => written,
            Err(e) => return failed(e.to_string()),
        };
        let url = match Url::parse(written.as_str()) {
            Ok(url) => url,
            Err(e) => return failed(format!("invalid URL: {e}")),
        };
        // IP literals never reach the resolver: checked here, as at save time. Names are checked by
        // the resolver, on the addresses the connection then uses.
        let literal = matches!(url.host(), Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)));
        if literal && let Err(refusal) = check_parsed(&self.resolver, &self.policy, written.host(), &url).await {
            return failed(refusal.to_string());
        }
        let mut request = self.client.post(url).header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let mut response = match request.body(body).send().await {
            Ok(response) => response,
            Err(e) => return failed(describe(&e)),
        };
        let status = response.status().as_u16();
        let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(retry_after);
        let mut kept = Vec::new();
        while kept.len() < RESPONSE_KEPT_BYTES {
            match response.chunk().await {
                Ok(Some(chunk)) => kept.extend_from_slice(&chunk[..chunk.len().min(RESPONSE_KEPT_BYTES - kept.len())]),
                _ => break,
            }
        }
        Answer {
            status: Some(status),
            latency_ms: elapsed(started),
            response: String::from_utf8_lossy(&kept).into_owned(),
            retry_after,
            error: None,
        }
    }
}

/// A transport error in a few plain words, with the refusal when the guard refused the address.
fn describe(e: &reqwest::Error) -> String {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(cause) = source {
        if let Some(refusal) = cause.downcast_ref::<Refusal>() {
            return refusal.to_string();
        }
        source = cause.source();
    }
    if e.is_timeout() {
        format!("no answer within {TIMEOUT_SECONDS} s")
    } else if e.is_connect() {
        "could not connect".to_string()
    } else {
        "the connection failed".to_string()
    }
}

/// `Retry-After` as seconds from now: a number of seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<i64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<i64>() {
        return Some(seconds.max(0));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?;
    Some((at.timestamp().as_second() - jiff::Timestamp::now().as_second()).max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after("120"), Some(120));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(0));
        assert_eq!(retry_after("soon"), None);
    }

    #[tokio::test]
    async fn every_spelling_of_a_private_address_is_refused() {
        let policy = WebhookPolicy::default();
        for url in [
            "https://2130706433/",
            "https://0177.0.0.1/",
            "https://127.1/",
            "https://0x7f.1/",
            "https://[::ffff:127.0.0.1]/",
            "https://[::ffff:7f00:1]/",
            "https://[::1]:8443/",
            "https://0.0.0.0/",
            "https://10.1.2.3/",
            "https://169.254.169.254/latest/meta-data",
            "https://localhost/",
        ] {
            assert_eq!(check(&policy, url).await, Err(ValidationError::WebhookAddress), "{url}");
        }
        // `localhost.` is refused whether the resolver finds it (loopback) or not.
        assert!(check(&policy, "https://localhost./").await.is_err());
        assert_eq!(check(&policy, "https://93.184.215.14/").await, Ok(()));
        let dev = WebhookPolicy { dev_hosts: vec!["127.0.0.1".into()], ..WebhookPolicy::default() };
        assert_eq!(check(&dev, "http://127.0.0.1:9/").await, Ok(()));
        assert_eq!(check(&dev, "https://127.0.0.2:9/").await, Err(ValidationError::WebhookAddress));
        // Only the spelling the operator listed is a development host.
        assert_eq!(check(&dev, "https://2130706433:9/").await, Err(ValidationError::WebhookAddress));
        assert_eq!(check(&dev, "https://127.1:9/").await, Err(ValidationError::WebhookAddress));
    }

    async fn check(policy: &WebhookPolicy, url: &str) -> Result<(), ValidationError> {
        let sender = Sender::new(policy, None).map_err(|_| ValidationError::UrlFormat)?;
        sender.check_url(&WebhookUrl::parse(url, policy)?).await
    }

    #[tokio::test]
    async fn a_send_to_a_private_address_never_connects() {
        let sender = Sender::new(&WebhookPolicy::default(), None).unwrap();
        let answer = sender.post("https://127.1:9/", &[], "{}".into()).await;
        assert_eq!(answer.status, None);
        assert!(answer.error.unwrap().contains("private"));
        let answer = sender.post("https://localhost:9/", &[], "{}".into()).await;
        assert!(answer.error.unwrap().contains("private"), "the resolver refused it");
    }
}
