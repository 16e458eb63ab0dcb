//! Micro-benchmarks of the paths that bound the server's throughput: Argon2id at the production
//! parameters (the ceiling for sign-ins), the same through the hashing pool, and the session
//! token work done on every sign-in and every authenticated request, and the ID tokens the
//! OpenID Connect provider signs at every code exchange.
//!
//! Run with `cargo bench -p twofold-server --bench hot_paths`; figures are recorded in
//! `docs/PERFORMANCE.md`. Sample sizes are small so the whole run takes a few minutes.

use std::hint::black_box;
use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Block, Params, Version};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use domain::SecretToken;
use server::config::HashingConfig;
use server::hashing::Hasher;

const PASSWORD: &str = "correct horse battery staple";
const SALT: [u8; 16] = *b"twofold-benchsal";

/// Argon2id at the production parameters (`HashingConfig::default()`: m=12288 KiB, t=3, p=1).
fn production_argon2() -> Argon2<'static> {
    let c = HashingConfig::default();
    let params = Params::new(c.memory_kib, c.iterations, c.parallelism, Some(32))
        .unwrap_or_else(|e| panic!("invalid parameters: {e}"));
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// One hash into `memory`, which is reused between calls as the pool's workers do.
fn hash_into(argon: &Argon2<'_>, memory: &mut [Block]) -> [u8; 32] {
    let mut out = [0u8; 32];
    argon
        .hash_password_into_with_memory(PASSWORD.as_bytes(), &SALT, &mut out, memory)
        .unwrap_or_else(|e| panic!("hashing failed: {e}"));
    out
}

/// Raw Argon2id, no pool, no queue: the ceiling the sign-in endpoint is compared against.
fn argon2_raw(c: &mut Criterion) {
    let argon = production_argon2();
    let blocks = argon.params().block_count();
    let mut g = c.benchmark_group("argon2id_default");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));

    g.throughput(Throughput::Elements(1));
    let mut memory = vec![Block::default(); blocks];
    g.bench_function("raw_1_thread_reused_memory", |b| {
        b.iter(|| hash_into(&argon, black_box(&mut memory)));
    });

    // One hash on each core at once: what the machine can do in total, with both cores
    // competing for memory bandwidth and the shared cache. The threads are spawned once per
    // sample and each runs the sample's iterations back to back, so thread start-up and the
    // scheduler's first placement (a new thread starts on its parent's core) are amortised.
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let mut memories: Vec<Vec<Block>> = (0..threads)
        .map(|_| vec![Block::default(); blocks])
        .collect();
    g.throughput(Throughput::Elements(threads as u64));
    g.bench_function(format!("raw_{threads}_threads_reused_memory"), |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            std::thread::scope(|s| {
                for m in &mut memories {
                    let argon = &argon;
                    s.spawn(move || {
                        for _ in 0..iters {
                            black_box(hash_into(argon, m));
                        }
                    });
                }
            });
            start.elapsed()
        });
    });
    g.finish();
}

/// `Hasher::verify` through the pool: the same work plus the queue, the channel hop and the
/// PHC parsing, as `POST /api/v1/sessions` pays it.
fn hasher_pool(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    let config = HashingConfig::default();
    let hasher = Hasher::start(&config).unwrap_or_else(|e| panic!("hasher: {e}"));
    let stored = rt
        .block_on(hasher.hash(PASSWORD))
        .unwrap_or_else(|e| panic!("hash: {e}"));
    let workers = std::thread::available_parallelism().map_or(2, usize::from);

    let mut g = c.benchmark_group("hasher_pool_default");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));

    g.throughput(Throughput::Elements(1));
    g.bench_function("verify_1_at_a_time", |b| {
        b.to_async(&rt).iter(|| async {
            let ok = hasher.verify(PASSWORD, Some(&stored)).await;
            assert!(matches!(ok, Ok(true)));
        });
    });

    // As many verifications in flight as there are workers: the pool's throughput.
    g.throughput(Throughput::Elements(workers as u64));
    g.bench_function(format!("verify_{workers}_concurrent"), |b| {
        b.to_async(&rt).iter(|| async {
            let all = (0..workers).map(|_| {
                let hasher = hasher.clone();
                let stored = stored.clone();
                tokio::spawn(async move { hasher.verify(PASSWORD, Some(&stored)).await })
            });
            for task in all.collect::<Vec<_>>() {
                let ok = task.await;
                assert!(matches!(ok, Ok(Ok(true))));
            }
        });
    });
    g.finish();
}

/// Session tokens: minted and hashed on every sign-in; parsed and hashed on every
/// authenticated request before the database lookup.
fn session_tokens(c: &mut Criterion) {
    let mut g = c.benchmark_group("session_token");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    g.bench_function("generate_and_hash", |b| {
        b.iter(|| {
            let token = SecretToken::generate().unwrap_or_else(|e| panic!("{e}"));
            black_box(token.hash())
        });
    });
    let token = SecretToken::generate().unwrap_or_else(|e| panic!("{e}"));
    let raw = token.expose().to_owned();
    g.bench_function("parse_and_hash", |b| {
        b.iter(|| {
            let parsed = SecretToken::parse(black_box(&raw));
            black_box(parsed.map(|t| t.hash()))
        });
    });
    g.finish();
}

/// The CPU work of checking one TOTP code at the second step: open the sealed secret
/// (XChaCha20-Poly1305) and compute the codes of the three steps in the drift window
/// (HMAC-SHA1 each). The database's conditional update that consumes the step is not included.
fn totp_verification(c: &mut Criterion) {
    use domain::totp::{self, TotpCode, TotpSecret};
    use server::keys::MasterKey;
    use server::secrets::Sealer;

    let secret = TotpSecret::generate().unwrap_or_else(|e| panic!("{e}"));
    let key_file = std::env::temp_dir().join(format!("twofold-bench-key-{}", std::process::id()));
    let key = MasterKey::load_or_create(&key_file).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_file(&key_file);
    let sealer = Sealer::new(&key);
    let owner = b"mfa_method:account:method";
    let sealed = sealer
        .seal(secret.expose(), owner)
        .unwrap_or_else(|e| panic!("{e}"));
    let at = time::OffsetDateTime::from_unix_timestamp(1_800_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    // A wrong code costs the most: all three steps are computed.
    let wrong = TotpCode::parse("000000").unwrap_or_else(|e| panic!("{e}"));
    let right = TotpCode::parse(&totp::generate(&secret, at).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));

    let mut g = c.benchmark_group("totp");
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(1));
    g.bench_function("verify_wrong_code_3_steps", |b| {
        b.iter(|| black_box(totp::verify(&secret, black_box(&wrong), at)));
    });
    g.bench_function("open_sealed_secret_and_verify", |b| {
        b.iter(|| {
            let plain = sealer
                .open(black_box(&sealed), owner)
                .unwrap_or_else(|e| panic!("{e}"));
            let s = TotpSecret::from_bytes(plain.to_vec());
            black_box(totp::verify(&s, black_box(&right), at))
        });
    });
    g.finish();
}

/// The access decision every authenticated request makes: an account in three organizations,
/// one of them enforcing with a grace period over, one allowing only security keys.
fn access_decision(c: &mut Criterion) {
    use domain::access::decide;
    use domain::{MethodKind, MfaPolicy, OrgId};

    let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let ids = [OrgId::generate(), OrgId::generate(), OrgId::generate()];
    let policies = [
        MfaPolicy::default(),
        MfaPolicy {
            enforced: true,
            enforce_from: Some(now - time::Duration::days(1)),
            ..MfaPolicy::default()
        },
        MfaPolicy {
            enforced: true,
            allowed_methods: vec![MethodKind::Webauthn],
            ..MfaPolicy::default()
        },
    ];
    // A member who joined after enforcement, with a deadline an admin extended: the longest
    // path through the deadline rules.
    let member = domain::mfa_policy::MemberTerms {
        joined_at: now - time::Duration::hours(1),
        deadline: Some((now + time::Duration::days(3), now)),
    };
    let orgs = org_policies(&ids, &policies, member);
    let methods = [MethodKind::Webauthn, MethodKind::Totp];
    let mut g = c.benchmark_group("access");
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    g.bench_function("decide_3_orgs", |b| {
        b.iter(|| {
            black_box(decide(black_box(&away_from_home(
                &methods,
                &orgs,
                "198.51.100.7".parse().ok(),
                now,
            ))))
        });
    });
    g.finish();
}

/// What a web session presents on each request when a remembered browser let it in, three
/// days ago, from `from`, away from the network it was remembered on.
fn away_from_home<'a>(
    methods: &'a [domain::MethodKind],
    orgs: &'a [domain::access::OrgPolicy<'a>],
    from: Option<std::net::IpAddr>,
    now: time::OffsetDateTime,
) -> domain::access::Subject<'a> {
    domain::access::Subject {
        methods,
        second_factor: domain::access::SecondFactor::RememberedDevice {
            since: now - time::Duration::days(3),
            place: domain::network::DevicePlace { home: false, from },
        },
        credential: domain::access::Credential {
            client: domain::ClientKind::Web,
            issued_at: now - time::Duration::hours(1),
        },
        orgs,
        now,
        setup_due: false,
    }
}

/// Issue 21: whether a remembered browser may skip the second step from where it signs in, in
/// the worst case an organization allows: `known`, 500 trusted networks, none of them matching,
/// beside an organization of the `any` kind (every sign-in with a device cookie asks it).
fn known_networks(c: &mut Criterion) {
    use domain::effective_policy::EffectivePolicy;
    use domain::network::{DeviceNetworks, MAX_TRUSTED, TrustedNetworks};
    use domain::{MfaPolicy, OrgId};

    let blocks: Vec<String> = (0..MAX_TRUSTED)
        .map(|i| format!("10.{}.{}.0/24", i / 256, i % 256))
        .collect();
    let policies = [
        MfaPolicy::default(),
        MfaPolicy {
            remembered_device_networks: DeviceNetworks::Known,
            trusted_networks: TrustedNetworks::parse(&blocks).unwrap_or_default(),
            ..MfaPolicy::default()
        },
    ];
    let ids = [OrgId::generate(), OrgId::generate()];
    let orgs = org_policies(&ids, &policies, domain::mfa_policy::MemberTerms::FOUNDING);
    let home = "192.0.2.10".parse().ok();
    let away = "198.51.100.7".parse().ok();
    let mut g = c.benchmark_group("networks");
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    g.bench_function("place_check_500_trusted_no_match", |b| {
        b.iter(|| {
            black_box(
                EffectivePolicy::fold(black_box(&orgs)).remembered_device_place_allowed(
                    DeviceNetworks::Any,
                    home,
                    black_box(away),
                ),
            )
        });
    });
    // The same question on every request of a session a browser opened away from home.
    let methods = [domain::MethodKind::Totp];
    let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    g.bench_function("decide_known_500_trusted_away", |b| {
        b.iter(|| {
            black_box(domain::access::decide(black_box(&away_from_home(
                &methods, &orgs, away, now,
            ))))
        });
    });
    g.bench_function("parse_500_trusted", |b| {
        b.iter(|| black_box(TrustedNetworks::parse(black_box(&blocks))))
    });
    g.finish();
}

/// Issue 7's pure paths: checking a device's signed answer (every push approval), parsing a
/// phone number against the allow-list (every SMS enrollment), and the sending decision (every
/// text).
fn push_and_sms(c: &mut Criterion) {
    use base64::Engine;
    use domain::push::{Answer, DeviceKey};
    use ed25519_dalek::{Signer, SigningKey};

    let signing = SigningKey::from_bytes(&[7u8; 32]);
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let key = DeviceKey::parse(&b64.encode(signing.verifying_key().to_bytes()))
        .unwrap_or_else(|e| panic!("{e}"));
    let challenge = "0190f000-0000-7000-8000-000000000000";
    let message = Answer::Approve(42).signed_message(challenge);
    let signature = b64.encode(signing.sign(&message).to_bytes());
    let allowed = domain::phone::AllowedCountries::default();
    let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let limits = domain::sms::SendLimits {
        resend_after: time::Duration::seconds(30),
        per_number_hourly: 5,
        per_account_hourly: 10,
        global_hourly: 500,
    };
    let history = domain::sms::History::default();
    let mut g = c.benchmark_group("push_sms");
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    g.bench_function("verify_device_signature", |b| {
        b.iter(|| {
            let message = Answer::Approve(42).signed_message(black_box(challenge));
            assert!(key.verifies(&message, black_box(&signature)));
        });
    });
    g.bench_function("parse_phone_number", |b| {
        b.iter(|| {
            black_box(domain::phone::PhoneNumber::parse(
                black_box("+41 79 123 45 67"),
                &allowed,
            ))
        });
    });
    g.bench_function("sms_send_decision", |b| {
        b.iter(|| {
            black_box(domain::sms::decide(
                &limits,
                black_box(&history),
                domain::sms::Purpose::SignIn,
                now,
            ))
        });
    });
    g.finish();
}

/// Signing one ID token (issue 15), as `signing::Loaded::sign` does at every code exchange:
/// the claims of `oidc_tokens::IdClaims` (filled as for a person with TOTP and scope `openid
/// email`) serialized into a compact JWS with `typ: JWT` and signed with a key of each
/// algorithm twofold offers; checking one, as an app does, for comparison. The keyring's
/// lookup (a read lock and a clone of an `Arc`) is left out.
fn id_token_signing(c: &mut Criterion) {
    use compact_jwt::crypto::{JwsEs256Signer, JwsRs256Signer};
    use compact_jwt::jws::JwsBuilder;
    use compact_jwt::traits::{JwsSigner, JwsSignerToVerifier, JwsVerifier};
    use compact_jwt::{JwsCompact, JwtError};
    use server::services::oidc_tokens::IdClaims;

    let iat = 1_800_000_000;
    let claims = IdClaims {
        iss: "https://id.example.org".to_owned(),
        sub: "0190f000-0000-7000-8000-000000000001".to_owned(),
        aud: "0190f000-0000-7000-8000-000000000002".to_owned(),
        azp: "0190f000-0000-7000-8000-000000000002".to_owned(),
        exp: iat + 3600,
        iat,
        auth_time: iat - 60,
        nonce: Some("n-0S6_WzA2Mj".to_owned()),
        acr: "aal2".to_owned(),
        amr: vec!["pwd".to_owned(), "otp".to_owned(), "mfa".to_owned()],
        sid: "0190f000-0000-7000-8000-000000000003".to_owned(),
        email: Some("ann@example.org".to_owned()),
        email_verified: Some(false),
        name: None,
    };
    fn sign(signer: &impl JwsSigner, claims: &IdClaims) -> Result<String, JwtError> {
        let jws = JwsBuilder::into_json(claims)
            .map_err(|_| JwtError::InvalidJwt)?
            .set_typ(Some("JWT"))
            .build();
        Ok(signer.sign(&jws)?.to_string())
    }
    let es256 = JwsEs256Signer::generate_es256().unwrap_or_else(|e| panic!("{e:?}"));
    let rs256 = JwsRs256Signer::generate_rs256().unwrap_or_else(|e| panic!("{e:?}"));

    let mut g = c.benchmark_group("id_token");
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(1));
    g.bench_function("sign_es256", |b| {
        b.iter(|| sign(&es256, black_box(&claims)).unwrap_or_else(|e| panic!("{e:?}")));
    });
    g.bench_function("sign_rs256_2048", |b| {
        b.iter(|| sign(&rs256, black_box(&claims)).unwrap_or_else(|e| panic!("{e:?}")));
    });
    let signed = sign(&es256, &claims).unwrap_or_else(|e| panic!("{e:?}"));
    let verifier = es256.get_verifier().unwrap_or_else(|e| panic!("{e:?}"));
    g.bench_function("verify_es256", |b| {
        b.iter(|| {
            let compact: JwsCompact = black_box(&signed)
                .parse()
                .unwrap_or_else(|e| panic!("{e:?}"));
            let jws = verifier
                .verify(&compact)
                .unwrap_or_else(|e| panic!("{e:?}"));
            black_box(
                jws.from_json::<IdClaims>()
                    .unwrap_or_else(|e| panic!("{e:?}")),
            )
        });
    });
    g.finish();
}

/// The organizations of one member, each named "org", on the same terms in every one.
fn org_policies<'a>(
    ids: &'a [domain::OrgId],
    policies: &'a [domain::MfaPolicy],
    member: domain::mfa_policy::MemberTerms,
) -> Vec<domain::access::OrgPolicy<'a>> {
    ids.iter()
        .zip(policies)
        .map(|(org_id, policy)| domain::access::OrgPolicy {
            org_id,
            name: "org",
            policy,
            member,
        })
        .collect()
}

criterion_group!(
    benches,
    push_and_sms,
    argon2_raw,
    hasher_pool,
    session_tokens,
    totp_verification,
    access_decision,
    known_networks,
    id_token_signing
);
criterion_main!(benches);
