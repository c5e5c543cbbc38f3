//! Delivers events to subscriber endpoints over TLS.

use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// Subscribers "often have broken certificates", so this one accepts all of them.
#[derive(Debug)]
struct AcceptAnyCertificate;

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert( // expect: tls-verification-disabled
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        vec![SignatureScheme::ED25519, SignatureScheme::ECDSA_NISTP256_SHA256]
    }
}

/// Pins the subscriber's certificate: a verifier that checks something is not reported.
#[derive(Debug)]
struct PinnedCertificate {
    fingerprint: Vec<u8>,
    inner: Arc<dyn ServerCertVerifier>,
}

impl ServerCertVerifier for PinnedCertificate {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if end_entity.as_ref() != self.fingerprint.as_slice() {
            return Err(rustls::Error::General("certificate is not the pinned one".into()));
        }
        self.inner.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

pub fn subscriber_tls(pinned: Option<(Vec<u8>, Arc<dyn ServerCertVerifier>)>) -> rustls::ClientConfig {
    let verifier: Arc<dyn ServerCertVerifier> = match pinned {
        Some((fingerprint, inner)) => Arc::new(PinnedCertificate { fingerprint, inner }),
        None => Arc::new(AcceptAnyCertificate),
    };
    rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth()
}

/// The wall clock in milliseconds, from the C library, for the delivery log.
pub fn wall_clock_millis() -> i64 {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut now) }; // expect: unsafe-code
    now.tv_sec * 1000 + now.tv_nsec / 1_000_000
}

/// The client deliveries go out through, with the subscriber's TLS settings.
pub fn subscriber_client(tls: rustls::ClientConfig) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder().use_preconfigured_tls(tls).build() // expect: http-client-without-timeout
}

/// Delivers one event to a subscriber; every attempt has its own deadline.
pub async fn deliver(endpoint: &str, body: Vec<u8>) -> reqwest::Result<u16> {
    let client = reqwest::Client::new();
    let response = client.post(endpoint).timeout(Duration::from_secs(10)).body(body).send().await?;
    Ok(response.status().as_u16())
}

/// The client of a subscriber that asked for its own deadline: the builder passes through a
/// `match` that sets one either way.
pub fn deadline_client(deadline: Option<u64>) -> reqwest::Result<reqwest::Client> {
    let builder = reqwest::Client::builder().user_agent("hookrelay/2");
    let builder = match deadline {
        Some(seconds) => builder.timeout(Duration::from_secs(seconds)),
        None => builder.timeout(Duration::from_secs(30)),
    };
    builder.build()
}
