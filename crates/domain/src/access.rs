//! The access decision: one pure function that says whether a session may proceed, given the
//! account's methods, how the session signed in, the client, the policies of the account's
//! organizations and the time. Every route, page and token check asks it; nothing else decides.
//!
//! # Security
//! The kind of client is never the caller's word alone: an organization's `exempt_clients`
//! keeps working only a credential twofold issued *before* the member's deadline (a desktop
//! app's session, an app password). A new sign-in after it is stopped like a browser, whatever
//! it says it is.

use time::OffsetDateTime;

use crate::effective_policy::EffectivePolicy;
use crate::mfa_policy::MemberTerms;
use crate::network::DevicePlace;
use crate::{ClientKind, MethodKind, MfaPolicy, OrgId};

/// An organization of the account, with its policy and the account's terms as a member.
#[derive(Debug, Clone, Copy)]
pub struct OrgPolicy<'a> {
    pub org_id: &'a OrgId,
    pub name: &'a str,
    pub policy: &'a MfaPolicy,
    pub member: MemberTerms,
}

impl OrgPolicy<'_> {
    /// Whether the organization's exemption keeps this credential working for a member without
    /// an accepted method: its kind is exempt and it was issued before the member's deadline.
    /// An exemption covers what existed; it is never earned by signing in again.
    pub(crate) fn exempts(&self, credential: Credential) -> bool {
        self.policy.exempt_clients.contains(&credential.client)
            && self
                .policy
                .deadline_for(&self.member)
                .is_some_and(|deadline| credential.issued_at < deadline)
    }

    /// Whether the organization requires of this credential a method the account lacks.
    pub(crate) fn unmet_by(&self, methods: &[MethodKind], credential: Credential) -> bool {
        self.policy.enforced && !self.exempts(credential) && !self.policy.accepts(methods)
    }
}

/// What a request presents: the kind of client twofold issued it to (a browser session, a
/// native app's session, an app password) and when it was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credential {
    pub client: ClientKind,
    pub issued_at: OffsetDateTime,
}

/// How a session passed (or not yet) the second step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    /// Not yet: the password alone.
    None,
    /// A code, key or approval in this session.
    Verified,
    /// A remembered device, remembered since this moment, and where the sign-in it let through
    /// came from.
    RememberedDevice {
        since: OffsetDateTime,
        place: DevicePlace,
    },
}

/// Everything the decision looks at.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The account's verified methods.
    pub methods: &'a [MethodKind],
    pub second_factor: SecondFactor,
    pub credential: Credential,
    pub orgs: &'a [OrgPolicy<'a>],
    pub now: OffsetDateTime,
    /// The account's 2FA was reset (by its managing organization or an operator): it must set
    /// up a new second factor before anything else, whatever its organizations require.
    pub setup_due: bool,
}

/// What the session may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// The account has 2FA and this session has not passed it (or passed it in a way a policy
    /// no longer accepts).
    SecondFactorRequired,
    /// Organizations that enforce 2FA stop the account, which lacks a method they accept (none
    /// named when a reset of its 2FA requires a new one).
    SetupRequired {
        organizations: Vec<OrgId>,
    },
}

/// An organization of the account turned app passwords off (a "security keys only" one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppPasswordsOff;

/// The decision for a sync tool's app password, created at `created_at`: refused when an
/// organization turned app passwords off; `SetupRequired` when an enforcing organization stops
/// the account and does not exempt it (sync not exempt, or the password was made after the
/// member's deadline), or while the account must set up a new factor after a reset; otherwise
/// `Allow`. An app password stands in for the second step, so none is asked.
pub fn decide_app_password(
    methods: &[MethodKind],
    created_at: OffsetDateTime,
    setup_due: bool,
    orgs: &[OrgPolicy<'_>],
    now: OffsetDateTime,
) -> Result<Decision, AppPasswordsOff> {
    if !EffectivePolicy::fold(orgs).app_passwords_allowed() {
        return Err(AppPasswordsOff);
    }
    Ok(decide(&Subject {
        methods,
        second_factor: SecondFactor::Verified,
        credential: Credential {
            client: ClientKind::Sync,
            issued_at: created_at,
        },
        orgs,
        now,
        setup_due,
    }))
}

/// The decision for one request.
pub fn decide(s: &Subject<'_>) -> Decision {
    let policy = EffectivePolicy::fold(s.orgs);
    if !s.methods.is_empty() {
        let passed = match s.second_factor {
            SecondFactor::None => false,
            SecondFactor::Verified => true,
            SecondFactor::RememberedDevice { since, place } => {
                policy.remembered_device_allowed(since, s.now)
                    && policy.remembered_place_accepted(place)
            }
        };
        if !passed {
            return Decision::SecondFactorRequired;
        }
    }
    // After a reset the account is never left with its password alone, even where no
    // organization enforces 2FA (nor for clients a policy exempts).
    if s.setup_due {
        return Decision::SetupRequired {
            organizations: Vec::new(),
        };
    }
    let blocking = policy.blocking(s.methods, s.credential, s.now);
    if blocking.is_empty() {
        Decision::Allow
    } else {
        Decision::SetupRequired {
            organizations: blocking,
        }
    }
}

/// The organizations whose enforced policy the account does not meet with this credential, each
/// with its deadline while a grace period runs (`None` once it blocks): what a session is told.
/// See [`EffectivePolicy::unmet`].
pub fn unmet<'a>(
    methods: &[MethodKind],
    credential: Credential,
    orgs: &'a [OrgPolicy<'a>],
    now: OffsetDateTime,
) -> Vec<(&'a OrgPolicy<'a>, Option<OffsetDateTime>)> {
    EffectivePolicy::fold(orgs).unmet(methods, credential, now)
}

/// The state a session is reported in, given the organizations [`unmet`] found: an active
/// session is `setup_required` while one of them blocks (no deadline left), or while a reset
/// of the account's 2FA is not followed by a new method (`setup_due`, as in [`Subject`]).
pub fn reported_state(
    stored: crate::SessionState,
    unmet: &[(&OrgPolicy<'_>, Option<OffsetDateTime>)],
    setup_due: bool,
) -> crate::SessionState {
    let blocked = setup_due || unmet.iter().any(|(_, d)| d.is_none());
    if stored == crate::SessionState::Active && blocked {
        crate::SessionState::SetupRequired
    } else {
        stored
    }
}

/// Whether the account may keep only `remaining` methods (after removing one, or none after
/// turning 2FA off): refused, naming them, while an enforcing organization would no longer
/// accept the account — also during a grace period, since the member would be blocked later.
///
/// # Errors
/// The organizations that require what would be removed.
pub fn may_keep_only(remaining: &[MethodKind], orgs: &[OrgPolicy<'_>]) -> Result<(), Vec<OrgId>> {
    let refusing = EffectivePolicy::fold(orgs).refusing_to_keep_only(remaining);
    if refusing.is_empty() {
        Ok(())
    } else {
        Err(refusing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-06-01 12:00 UTC);

    /// Enforced since yesterday.
    fn enforcing() -> MfaPolicy {
        MfaPolicy {
            enforced: true,
            enforced_since: Some(NOW - Duration::days(1)),
            ..MfaPolicy::default()
        }
    }

    /// A credential issued long before any deadline of these tests.
    fn old(client: ClientKind) -> Credential {
        Credential {
            client,
            issued_at: NOW - Duration::days(400),
        }
    }

    fn subject<'a>(
        methods: &'a [MethodKind],
        second_factor: SecondFactor,
        client: ClientKind,
        orgs: &'a [OrgPolicy<'a>],
    ) -> Subject<'a> {
        Subject {
            methods,
            second_factor,
            credential: old(client),
            orgs,
            now: NOW,
            setup_due: false,
        }
    }

    /// A remembered browser that signed in away from its own network.
    const AWAY: DevicePlace = DevicePlace {
        home: false,
        from: None,
    };

    #[test]
    fn an_organization_turning_to_known_networks_reaches_the_sessions_a_browser_opened_elsewhere() {
        let id = OrgId::generate();
        let known = MfaPolicy {
            remembered_device_networks: crate::network::DeviceNetworks::Known,
            trusted_networks: crate::network::TrustedNetworks::parse(
                &["203.0.113.0/24".to_owned()],
            )
            .unwrap_or_else(|e| panic!("{e}")),
            ..MfaPolicy::default()
        };
        let orgs = [OrgPolicy {
            org_id: &id,
            name: "Acme",
            policy: &known,
            member: MemberTerms::FOUNDING,
        }];
        let totp = [MethodKind::Totp];
        let at = |home, from: &str| SecondFactor::RememberedDevice {
            since: NOW - Duration::days(1),
            place: DevicePlace {
                home,
                from: from.parse().ok(),
            },
        };
        let d = |sf| decide(&subject(&totp, sf, ClientKind::Web, &orgs));
        assert_eq!(d(at(true, "192.0.2.1")), Decision::Allow, "its own network");
        assert_eq!(d(at(false, "203.0.113.9")), Decision::Allow, "the office");
        assert_eq!(d(at(false, "198.51.100.1")), Decision::SecondFactorRequired);
        assert_eq!(
            d(at(false, "")),
            Decision::SecondFactorRequired,
            "nowhere known"
        );
        assert_eq!(
            decide(&subject(
                &totp,
                at(false, "198.51.100.1"),
                ClientKind::Web,
                &[]
            )),
            Decision::Allow,
            "no organization wants it"
        );
    }

    #[test]
    fn an_account_with_2fa_must_pass_the_second_step() {
        let totp = [MethodKind::Totp];
        let d = |sf| decide(&subject(&totp, sf, ClientKind::Web, &[]));
        assert_eq!(d(SecondFactor::None), Decision::SecondFactorRequired);
        assert_eq!(d(SecondFactor::Verified), Decision::Allow);
        assert_eq!(
            d(SecondFactor::RememberedDevice {
                since: NOW - Duration::days(29),
                place: AWAY,
            }),
            Decision::Allow
        );
        assert_eq!(
            decide(&subject(&[], SecondFactor::None, ClientKind::Web, &[])),
            Decision::Allow
        );
    }

    #[test]
    fn organizations_can_forbid_or_shorten_remembered_devices() {
        let id = OrgId::generate();
        let forbid = MfaPolicy {
            allow_remembered_devices: false,
            ..MfaPolicy::default()
        };
        let short = MfaPolicy {
            remembered_device_days: 7,
            ..MfaPolicy::default()
        };
        let totp = [MethodKind::Totp];
        let since = NOW - Duration::days(10);
        for (policy, allowed) in [
            (MfaPolicy::default(), true),
            (forbid, false),
            (short, false),
        ] {
            let orgs = [OrgPolicy {
                org_id: &id,
                name: "Acme",
                policy: &policy,
                member: MemberTerms::FOUNDING,
            }];
            let sf = SecondFactor::RememberedDevice { since, place: AWAY };
            assert_eq!(
                EffectivePolicy::fold(&orgs).remembered_device_allowed(since, NOW),
                allowed
            );
            let expected = if allowed {
                Decision::Allow
            } else {
                Decision::SecondFactorRequired
            };
            assert_eq!(
                decide(&subject(&totp, sf, ClientKind::Web, &orgs)),
                expected
            );
        }
    }

    #[test]
    fn enforcing_organizations_block_members_without_an_allowed_method_on_web() {
        let id = OrgId::generate();
        let policy = enforcing();
        let orgs = [OrgPolicy {
            org_id: &id,
            name: "Acme",
            policy: &policy,
            member: MemberTerms::FOUNDING,
        }];
        let blocked = Decision::SetupRequired {
            organizations: vec![id.clone()],
        };
        assert_eq!(
            decide(&subject(&[], SecondFactor::None, ClientKind::Web, &orgs)),
            blocked
        );
        for exempt in [ClientKind::Native, ClientKind::Sync] {
            assert_eq!(
                decide(&subject(&[], SecondFactor::None, exempt, &orgs)),
                Decision::Allow
            );
        }
        let totp = [MethodKind::Totp];
        assert_eq!(
            decide(&subject(
                &totp,
                SecondFactor::Verified,
                ClientKind::Web,
                &orgs
            )),
            Decision::Allow
        );
    }

    #[test]
    fn an_exempt_client_keeps_working_only_with_a_credential_issued_before_the_deadline() {
        let id = OrgId::generate();
        let deadline = NOW - Duration::days(2);
        let policy = MfaPolicy {
            enforce_from: Some(deadline),
            ..enforcing()
        };
        let orgs = [OrgPolicy {
            org_id: &id,
            name: "Acme",
            policy: &policy,
            member: MemberTerms::FOUNDING,
        }];
        let blocked = Decision::SetupRequired {
            organizations: vec![id.clone()],
        };
        let at = |client, issued_at| Subject {
            methods: &[],
            second_factor: SecondFactor::None,
            credential: Credential { client, issued_at },
            orgs: &orgs,
            now: NOW,
            setup_due: false,
        };
        for client in [ClientKind::Native, ClientKind::Sync] {
            // Signed in (or created) before the deadline: kept.
            let before = deadline - Duration::seconds(1);
            assert_eq!(decide(&at(client, before)), Decision::Allow);
            assert!(
                unmet(
                    &[],
                    Credential {
                        client,
                        issued_at: before
                    },
                    &orgs,
                    NOW
                )
                .is_empty()
            );
            // Signed in at or after it, whatever the client says: stopped like a browser.
            for after in [deadline, NOW] {
                assert_eq!(decide(&at(client, after)), blocked);
                assert_eq!(
                    unmet(
                        &[],
                        Credential {
                            client,
                            issued_at: after
                        },
                        &orgs,
                        NOW
                    )
                    .len(),
                    1
                );
            }
        }
        // A browser is never exempt unless the organization lists it.
        assert_eq!(
            decide(&at(ClientKind::Web, NOW - Duration::days(90))),
            blocked
        );
        // A member who joined later with a new-member period keeps credentials issued before
        // their own deadline, not the organization's.
        let own = MemberTerms {
            joined_at: NOW - Duration::days(1),
            deadline: None,
        };
        let later = MfaPolicy {
            new_member_days: 7,
            enforced_since: Some(deadline),
            ..policy.clone()
        };
        let orgs = [OrgPolicy {
            org_id: &id,
            name: "Acme",
            policy: &later,
            member: own,
        }];
        let native = Credential {
            client: ClientKind::Native,
            issued_at: NOW,
        };
        assert_eq!(
            decide(&Subject {
                methods: &[],
                second_factor: SecondFactor::None,
                credential: native,
                orgs: &orgs,
                now: NOW + Duration::days(10),
                setup_due: false,
            }),
            Decision::Allow
        );
    }

    #[test]
    fn removing_the_last_accepted_method_is_refused_while_an_organization_enforces() {
        let id = OrgId::generate();
        let on = enforcing();
        let off = MfaPolicy::default();
        let keys_only = MfaPolicy {
            allowed_methods: vec![MethodKind::Webauthn],
            ..enforcing()
        };
        let org = |p| {
            [OrgPolicy {
                org_id: &id,
                name: "Acme",
                policy: p,
                member: MemberTerms::FOUNDING,
            }]
        };
        assert_eq!(may_keep_only(&[], &org(&off)), Ok(()));
        assert_eq!(may_keep_only(&[], &org(&on)), Err(vec![id.clone()]));
        assert_eq!(may_keep_only(&[MethodKind::Sms], &org(&on)), Ok(()));
        assert_eq!(
            may_keep_only(&[MethodKind::Totp], &org(&keys_only)),
            Err(vec![id.clone()])
        );
        assert_eq!(may_keep_only(&[], &[]), Ok(()));
    }

    #[test]
    fn a_session_is_reported_setup_required_only_while_an_organization_blocks() {
        use crate::SessionState as S;
        let id = OrgId::generate();
        let policy = enforcing();
        let org = OrgPolicy {
            org_id: &id,
            name: "Acme",
            policy: &policy,
            member: MemberTerms::FOUNDING,
        };
        let later = NOW + Duration::days(3);
        assert_eq!(reported_state(S::Active, &[], false), S::Active);
        assert_eq!(
            reported_state(S::Active, &[(&org, Some(later))], false),
            S::Active
        );
        assert_eq!(
            reported_state(S::Active, &[(&org, None)], false),
            S::SetupRequired
        );
        assert_eq!(
            reported_state(S::MfaPending, &[(&org, None)], false),
            S::MfaPending
        );
        assert_eq!(reported_state(S::Active, &[], true), S::SetupRequired);
        assert_eq!(reported_state(S::MfaPending, &[], true), S::MfaPending);
    }

    #[test]
    fn after_a_reset_every_client_must_set_up_a_second_factor_even_where_nobody_enforces() {
        let id = OrgId::generate();
        let relaxed = MfaPolicy::default();
        let orgs = [OrgPolicy {
            org_id: &id,
            name: "Acme",
            policy: &relaxed,
            member: MemberTerms::FOUNDING,
        }];
        let due = Decision::SetupRequired {
            organizations: Vec::new(),
        };
        for client in [ClientKind::Web, ClientKind::Native, ClientKind::Sync] {
            for orgs in [&orgs[..], &[]] {
                let s = Subject {
                    setup_due: true,
                    ..subject(&[], SecondFactor::None, client, orgs)
                };
                assert_eq!(decide(&s), due);
                let settled = Subject {
                    setup_due: false,
                    ..s
                };
                assert_eq!(decide(&settled), Decision::Allow);
            }
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn kinds() -> impl Strategy<Value = Vec<MethodKind>> {
            proptest::sample::subsequence(MethodKind::ALL.to_vec(), 0..=4)
        }

        fn client() -> impl Strategy<Value = ClientKind> {
            prop_oneof![
                Just(ClientKind::Web),
                Just(ClientKind::Native),
                Just(ClientKind::Sync)
            ]
        }

        fn policy() -> impl Strategy<Value = MfaPolicy> {
            (
                any::<bool>(),
                proptest::option::of(-30i64..30),
                proptest::sample::subsequence(
                    vec![ClientKind::Web, ClientKind::Native, ClientKind::Sync],
                    0..=3,
                ),
                kinds(),
                any::<bool>(),
                1u32..60,
            )
                .prop_map(
                    |(enforced, from_days, exempt_clients, allowed_methods, remembered, days)| {
                        MfaPolicy {
                            enforced,
                            enforce_from: from_days.map(|d| NOW + Duration::days(d)),
                            require_all_enrolled: false,
                            exempt_clients,
                            allowed_methods,
                            allow_remembered_devices: remembered,
                            remembered_device_days: days,
                            new_member_days: 0,
                            allow_app_passwords: true,
                            auto_enforce: false,
                            enforced_since: Some(NOW - Duration::days(40)),
                            ..MfaPolicy::default()
                        }
                    },
                )
        }

        fn second_factor() -> impl Strategy<Value = SecondFactor> {
            prop_oneof![
                Just(SecondFactor::None),
                Just(SecondFactor::Verified),
                (0i64..90).prop_map(|d| SecondFactor::RememberedDevice {
                    since: NOW - Duration::days(d),
                    place: AWAY,
                }),
            ]
        }

        proptest! {
            #[test]
            fn an_enforcing_organization_past_its_deadline_never_lets_a_non_compliant_account_through(
                methods in kinds(),
                sf in second_factor(),
                client in client(),
                issued_days_ago in 0i64..60,
                policies in proptest::collection::vec(policy(), 0..4),
            ) {
                let ids: Vec<OrgId> = policies.iter().map(|_| OrgId::generate()).collect();
                let orgs: Vec<OrgPolicy<'_>> = ids
                    .iter()
                    .zip(&policies)
                    .map(|(org_id, policy)| OrgPolicy { org_id, name: "org", policy, member: MemberTerms::FOUNDING })
                    .collect();
                let credential = Credential { client, issued_at: NOW - Duration::days(issued_days_ago) };
                let decision = decide(&Subject { methods: &methods, second_factor: sf, credential, orgs: &orgs, now: NOW, setup_due: false });
                let blocking: Vec<OrgId> = orgs
                    .iter()
                    .filter(|o| o.policy.blocks(&o.member, NOW)
                        && !(o.policy.exempt_clients.contains(&client)
                            && o.policy.deadline_for(&o.member).is_some_and(|d| credential.issued_at < d))
                        && !o.policy.accepts(&methods))
                    .map(|o| o.org_id.clone())
                    .collect();
                if !blocking.is_empty() {
                    prop_assert_ne!(&decision, &Decision::Allow);
                }
                if let Decision::SetupRequired { organizations, .. } = &decision {
                    // It names every organization that blocks, and only those.
                    prop_assert_eq!(organizations, &blocking);
                }
                if !methods.is_empty() && sf == SecondFactor::None {
                    prop_assert_eq!(&decision, &Decision::SecondFactorRequired);
                }
                if policies.iter().all(|p| !p.enforced) {
                    prop_assert!(matches!(decision, Decision::Allow | Decision::SecondFactorRequired));
                }
                // Whatever the client claims, a credential issued now gets nothing a browser
                // would not: the exemption is for what existed before the deadline.
                if issued_days_ago == 0 && methods.is_empty() && sf == SecondFactor::None {
                    let browser = decide(&Subject {
                        methods: &methods,
                        second_factor: sf,
                        credential: Credential { client: ClientKind::Web, issued_at: NOW },
                        orgs: &orgs,
                        now: NOW,
                        setup_due: false,
                    });
                    let web_exempt = policies.iter().any(|p| p.exempt_clients.contains(&ClientKind::Web));
                    if !web_exempt && browser != Decision::Allow {
                        prop_assert_ne!(&decision, &Decision::Allow);
                    }
                }
            }

            #[test]
            fn removing_methods_is_refused_exactly_when_an_enforcing_organization_would_stop_accepting(
                remaining in kinds(),
                policies in proptest::collection::vec(policy(), 0..4),
            ) {
                let ids: Vec<OrgId> = policies.iter().map(|_| OrgId::generate()).collect();
                let orgs: Vec<OrgPolicy<'_>> = ids
                    .iter()
                    .zip(&policies)
                    .map(|(org_id, policy)| OrgPolicy { org_id, name: "org", policy, member: MemberTerms::FOUNDING })
                    .collect();
                let refusing = policies.iter().any(|p| p.enforced && !p.accepts(&remaining));
                prop_assert_eq!(may_keep_only(&remaining, &orgs).is_err(), refusing);
            }
        }
    }
}
