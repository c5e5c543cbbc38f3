//! URLs written as string literals (`"postgres://app:pw@db.example.com/app?sslmode=disable"`):
//! their scheme, credentials, host and query options, and whether the host is local (loopback,
//! private ranges, single-label names such as a compose service `db`), where traffic never
//! crosses an untrusted network.

/// The parts of a literal URL the configuration rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralUrl {
    /// Lower case.
    pub scheme: String,
    /// A password in the userinfo (`user:pw@`), or a user alone for schemes that put a token
    /// there (`redis://:pw@host`).
    pub has_password: bool,
    /// Lower case, without port or brackets; empty when the URL names none.
    pub host: String,
    /// The query's `key=value` pairs, as written.
    pub query: Vec<(String, String)>,
}

impl LiteralUrl {
    /// Parses `scheme://[userinfo@]host[:port][/path][?query][#fragment]`; `None` for text that
    /// is not such a URL, or holds a placeholder (`{}`, `${VAR}`) in its authority.
    pub fn parse(text: &str) -> Option<LiteralUrl> {
        let (scheme, rest) = text.trim().split_once("://")?;
        if scheme.is_empty()
            || !scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            return None;
        }
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if authority.contains(['{', '}', '$', '<', '>', ' ']) {
            return None;
        }
        let (userinfo, host_port) = match authority.rsplit_once('@') {
            Some((userinfo, host)) => (Some(userinfo), host),
            None => (None, authority),
        };
        let host = match host_port.strip_prefix('[') {
            Some(bracketed) => bracketed.split(']').next().unwrap_or(""),
            None => host_port.split(':').next().unwrap_or(""),
        };
        let after = &rest[authority_end..];
        let after = after.split('#').next().unwrap_or("");
        let query = after
            .split_once('?')
            .map(|(_, query)| {
                query
                    .split('&')
                    .filter_map(|pair| pair.split_once('='))
                    .map(|(key, value)| (key.to_string(), value.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        Some(LiteralUrl {
            scheme: scheme.to_ascii_lowercase(),
            has_password: userinfo
                .is_some_and(|info| info.split_once(':').is_some_and(|(_, pw)| !pw.is_empty())),
            host: host.to_ascii_lowercase(),
            query,
        })
    }

    /// The value of a query option, compared case-insensitively by key.
    pub fn option(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the host is on this machine or a private network: no host, loopback,
    /// unspecified, RFC 1918 and link-local addresses, `localhost`, `*.local`/`*.internal`/
    /// `*.localhost`, `host.docker.internal`, and single-label names (compose and cluster
    /// services: `db`, `redis`).
    pub fn is_local(&self) -> bool {
        is_local_host(&self.host)
    }
}

/// See [`LiteralUrl::is_local`].
pub fn is_local_host(host: &str) -> bool {
    if let Ok(ip) = host.parse::<std::net::Ipv6Addr>() {
        return ip.is_loopback() || ip.is_unspecified() || (ip.segments()[0] & 0xfe00) == 0xfc00;
    }
    if host.is_empty() || !host.contains('.') {
        return true;
    }
    if host.ends_with(".local")
        || host.ends_with(".localhost")
        || host.ends_with(".internal")
        || host.ends_with(".svc")
        || host.ends_with(".cluster.local")
        || host == "localhost"
    {
        return true;
    }
    if let Ok(ip) = host.parse::<std::net::Ipv4Addr>() {
        return ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified();
    }
    // Documentation and test names (RFC 2606) are not real hosts either.
    ["example.com", "example.org", "example.net"]
        .iter()
        .any(|name| {
            host == *name
                || host
                    .strip_suffix(name)
                    .is_some_and(|sub| sub.ends_with('.'))
        })
        || host.ends_with(".example")
        || host.ends_with(".test")
        || host.ends_with(".invalid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_connection_strings() {
        let url =
            LiteralUrl::parse("postgres://app:s3cret@db.prod.acme.io:5432/app?sslmode=disable&x=1")
                .unwrap();
        assert_eq!(url.scheme, "postgres");
        assert!(url.has_password);
        assert_eq!(url.host, "db.prod.acme.io");
        assert_eq!(url.option("SSLMODE"), Some("disable"));
        assert!(!url.is_local());
        let redis = LiteralUrl::parse("redis://:pw@[::1]:6379/0").unwrap();
        assert!(redis.has_password && redis.is_local());
        assert!(
            !LiteralUrl::parse("http://user@api.acme.io/")
                .unwrap()
                .has_password
        );
        assert!(LiteralUrl::parse("http://{host}/x").is_none());
        assert!(LiteralUrl::parse("not a url").is_none());
    }

    #[test]
    fn local_hosts() {
        for host in [
            "localhost",
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.10",
            "db",
            "redis",
            "0.0.0.0",
            "api.example.com",
            "example.org",
            "hub.example.net",
            "host.docker.internal",
            "::1",
            "",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "api.acme.io",
            "8.8.8.8",
            "db.prod.acme.io",
            "2001:db8::1",
            "notexample.com",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }
}
