use proptest::prelude::*;
use time::macros::datetime;

use super::*;
use crate::ClientKind;
use crate::access::{Decision, SecondFactor, Subject, decide};

const NOW: OffsetDateTime = datetime!(2026-06-01 12:00 UTC);

fn kinds() -> impl Strategy<Value = Vec<MethodKind>> {
    proptest::sample::subsequence(MethodKind::ALL.to_vec(), 0..=4)
}

fn clients() -> impl Strategy<Value = Vec<ClientKind>> {
    proptest::sample::subsequence(
        vec![ClientKind::Web, ClientKind::Native, ClientKind::Sync],
        0..=3,
    )
}

/// Any policy, with times around `NOW` (days).
fn policy() -> impl Strategy<Value = MfaPolicy> {
    (
        (
            any::<bool>(),
            proptest::option::of(-30i64..30),
            proptest::option::of(-60i64..0),
        ),
        clients(),
        kinds(),
        (any::<bool>(), 1u32..60, 0u32..20, any::<bool>()),
    )
        .prop_map(
            |(
                (enforced, from, since),
                exempt_clients,
                allowed_methods,
                (remember, days, new_days, app),
            )| {
                MfaPolicy {
                    enforced,
                    enforce_from: from.map(|d| NOW + Duration::days(d)),
                    exempt_clients,
                    allowed_methods,
                    allow_remembered_devices: remember,
                    remembered_device_days: days,
                    new_member_days: new_days,
                    allow_app_passwords: app,
                    enforced_since: since.map(|d| NOW + Duration::days(d)),
                    ..MfaPolicy::default()
                }
            },
        )
}

/// A member who joined some days ago (or ahead of `NOW`'s neighbourhood), maybe with a deadline
/// of their own set at some moment.
fn terms() -> impl Strategy<Value = MemberTerms> {
    (-90i64..1, proptest::option::of((-20i64..20, -90i64..1))).prop_map(|(joined, own)| {
        MemberTerms {
            joined_at: NOW + Duration::days(joined),
            deadline: own.map(|(d, set)| (NOW + Duration::days(d), NOW + Duration::days(set))),
        }
    })
}

fn one_org<'a>(id: &'a OrgId, policy: &'a MfaPolicy, member: MemberTerms) -> [OrgPolicy<'a>; 1] {
    [OrgPolicy {
        org_id: id,
        name: "Acme",
        policy,
        member,
    }]
}

#[test]
fn standings_follow_the_deadline() {
    let policy = MfaPolicy {
        enforced: true,
        enforce_from: Some(NOW + Duration::days(3)),
        ..MfaPolicy::default()
    };
    let m = MemberTerms::FOUNDING;
    let due = Standing::of(&policy, &m, &[], NOW);
    assert_eq!(
        due,
        Standing::Due {
            deadline: NOW + Duration::days(3)
        }
    );
    assert_eq!(
        due.reminder(NOW).map(|(_, s)| s),
        Some(ReminderStage::WeekBefore)
    );
    assert_eq!(
        Standing::of(&policy, &m, &[], NOW + Duration::days(3)),
        Standing::Blocked {
            since: NOW + Duration::days(3)
        }
    );
    assert_eq!(
        Standing::of(&policy, &m, &[MethodKind::Totp], NOW),
        Standing::Compliant
    );
    assert_eq!(
        Standing::of(&MfaPolicy::default(), &m, &[], NOW),
        Standing::Asked
    );
    assert_eq!(Standing::Asked.reminder(NOW), None);
}

#[test]
fn the_strictest_organization_wins() {
    let (a, b) = (OrgId::generate(), OrgId::generate());
    let long = MfaPolicy {
        remembered_device_days: 30,
        ..MfaPolicy::default()
    };
    let short = MfaPolicy {
        remembered_device_days: 7,
        allow_app_passwords: false,
        ..MfaPolicy::default()
    };
    let orgs = [
        OrgPolicy {
            org_id: &a,
            name: "A",
            policy: &long,
            member: MemberTerms::FOUNDING,
        },
        OrgPolicy {
            org_id: &b,
            name: "B",
            policy: &short,
            member: MemberTerms::FOUNDING,
        },
    ];
    let p = EffectivePolicy::fold(&orgs);
    assert_eq!(p.remember_days(90), Some(7));
    assert!(p.remembered_device_allowed(NOW - Duration::days(6), NOW));
    assert!(!p.remembered_device_allowed(NOW - Duration::days(7), NOW));
    assert!(!p.app_passwords_allowed());
    let none = EffectivePolicy::fold(&[]);
    assert_eq!(none.remember_days(90), Some(90));
    assert_eq!(none.remember_days(1000), Some(365), "a year at most");
    assert!(none.app_passwords_allowed());
    let forbidding = MfaPolicy {
        allow_remembered_devices: false,
        ..MfaPolicy::default()
    };
    let orgs = [
        OrgPolicy {
            org_id: &a,
            name: "A",
            policy: &long,
            member: MemberTerms::FOUNDING,
        },
        OrgPolicy {
            org_id: &b,
            name: "B",
            policy: &forbidding,
            member: MemberTerms::FOUNDING,
        },
    ];
    let p = EffectivePolicy::fold(&orgs);
    assert_eq!(p.remember_days(90), None);
    assert!(!p.remembered_device_allowed(NOW, NOW));
    // A validity of no time at all remembers nothing (the device could never stand in).
    let never = MfaPolicy {
        remembered_device_days: 0,
        ..MfaPolicy::default()
    };
    let orgs = [OrgPolicy {
        org_id: &a,
        name: "A",
        policy: &never,
        member: MemberTerms::FOUNDING,
    }];
    assert_eq!(EffectivePolicy::fold(&orgs).remember_days(90), None);
}

#[test]
fn a_remembered_browser_on_a_new_network_is_asked_where_anyone_wants_known_networks() {
    use crate::network::{DeviceNetworks, TrustedNetworks};
    let ip = |s: &str| s.parse::<std::net::IpAddr>().ok();
    let (a, b) = (OrgId::generate(), OrgId::generate());
    let any = MfaPolicy::default();
    let office = |blocks: &[&str]| MfaPolicy {
        remembered_device_networks: DeviceNetworks::Known,
        trusted_networks: TrustedNetworks::parse(
            &blocks.iter().map(|b| (*b).to_owned()).collect::<Vec<_>>(),
        )
        .unwrap_or_else(|e| panic!("{e}")),
        ..MfaPolicy::default()
    };
    let (known_a, known_b) = (office(&["203.0.113.0/24"]), office(&["198.51.100.0/24"]));
    let org = |id, policy| OrgPolicy {
        org_id: id,
        name: "org",
        policy,
        member: MemberTerms::FOUNDING,
    };
    let home = ip("192.0.2.10");
    let check = |orgs: &[OrgPolicy<'_>], own, from: &str| {
        EffectivePolicy::fold(orgs).remembered_device_place_allowed(own, home, ip(from))
    };
    let anyone = [org(&a, &any)];
    // `any` everywhere: the cookie alone, as before.
    assert!(check(&anyone, DeviceNetworks::Any, "198.18.0.1"));
    assert!(check(&[], DeviceNetworks::Any, "198.18.0.1"));
    // The holder's own "this network only".
    assert!(check(&anyone, DeviceNetworks::Known, "192.0.2.250"));
    assert!(!check(&anyone, DeviceNetworks::Known, "192.0.3.1"));
    assert!(
        !check(&[], DeviceNetworks::Known, "203.0.113.9"),
        "the holder's word knows no office"
    );
    // An organization's `known`: its home network or the office.
    let strict = [org(&a, &known_a)];
    assert!(check(&strict, DeviceNetworks::Any, "192.0.2.99"));
    assert!(check(&strict, DeviceNetworks::Any, "203.0.113.9"));
    assert!(!check(&strict, DeviceNetworks::Any, "198.51.100.9"));
    // The strictest wins: `known` beside `any`, and two offices that each trust only their own.
    assert!(!check(
        &[org(&a, &any), org(&b, &known_b)],
        DeviceNetworks::Any,
        "203.0.113.9"
    ));
    let both = [org(&a, &known_a), org(&b, &known_b)];
    assert!(!check(&both, DeviceNetworks::Any, "203.0.113.9"));
    assert!(!check(&both, DeviceNetworks::Any, "198.51.100.9"));
    assert!(check(&both, DeviceNetworks::Any, "192.0.2.1"));
    // An unknown address is on no network.
    assert!(
        !EffectivePolicy::fold(&strict).remembered_device_place_allowed(
            DeviceNetworks::Any,
            home,
            None
        )
    );
    assert!(
        EffectivePolicy::fold(&anyone).remembered_device_place_allowed(
            DeviceNetworks::Any,
            None,
            None
        )
    );
}

proptest! {
    /// The access decision, the member list's `mfa_enabled` (the store's mask filter), the export's
    /// deadline column and the scheduled reminders agree on who is compliant and by when.
    #[test]
    fn the_decision_the_member_list_and_the_reminders_agree_on_who_is_compliant(
        policy in policy(),
        member in terms(),
        methods in kinds(),
        offset_hours in -24i64 * 40..24 * 40,
    ) {
        let now = NOW + Duration::hours(offset_hours);
        let id = OrgId::generate();
        let orgs = one_org(&id, &policy, member);
        let standing = Standing::of(&policy, &member, &methods, now);

        // The member list.
        let listed = compliant_by_mask(kinds_to_mask(&methods), policy.allowed_mask());
        prop_assert_eq!(listed, standing.is_compliant());

        // The access decision, for a browser that signed in just now and passed its second
        // factor (no exemption can cover a credential issued now once a deadline passed).
        let decision = decide(&Subject {
            methods: &methods,
            second_factor: SecondFactor::Verified,
            credential: Credential { client: ClientKind::Web, issued_at: now },
            orgs: &orgs,
            now,
            setup_due: false,
        });
        let blocked = matches!(standing, Standing::Blocked { .. });
        prop_assert_eq!(
            decision,
            if blocked {
                Decision::SetupRequired { organizations: vec![id.clone()] }
            } else {
                Decision::Allow
            }
        );
        if blocked {
            prop_assert!(policy.enforced && !standing.is_compliant());
        }

        // What a session is told: the deadline of an unmet organization is the standing's.
        let unmet = EffectivePolicy::fold(&orgs).unmet(
            &methods,
            Credential { client: ClientKind::Web, issued_at: now },
            now,
        );
        if let Some((_, deadline)) = unmet.first() {
            prop_assert_eq!(*deadline, match standing {
                Standing::Due { deadline } => Some(deadline),
                _ => None,
            });
        } else {
            prop_assert!(matches!(standing, Standing::Compliant | Standing::Asked)
                || policy.exempt_clients.contains(&ClientKind::Web));
        }

        // Reminders go only to members the list shows without 2FA and the decision still lets
        // through, before their deadline.
        if let Some((deadline, _)) = standing.reminder(now) {
            prop_assert!(!listed);
            prop_assert_eq!(decision_allows(&orgs, &methods, now), true);
            prop_assert!(deadline > now && deadline - now <= Duration::days(7));
            prop_assert_eq!(standing.deadline(), Some(deadline));
        }
        prop_assert_eq!(standing.deadline().is_some(), !standing.is_compliant() && policy.enforced);
    }

    /// The fold is exactly "every organization allows it, for the shortest of their validities".
    #[test]
    fn a_remembered_device_stands_in_only_where_every_organization_allows_it(
        policies in proptest::collection::vec(policy(), 0..4),
        age_days in 0i64..90,
        server_max in 1u32..400,
    ) {
        let ids: Vec<OrgId> = policies.iter().map(|_| OrgId::generate()).collect();
        let orgs: Vec<OrgPolicy<'_>> = ids
            .iter()
            .zip(&policies)
            .map(|(org_id, policy)| OrgPolicy { org_id, name: "org", policy, member: MemberTerms::FOUNDING })
            .collect();
        let p = EffectivePolicy::fold(&orgs);
        let since = NOW - Duration::days(age_days);
        let each = policies.iter().all(|o| {
            o.allow_remembered_devices && Duration::days(age_days) < Duration::days(i64::from(o.remembered_device_days))
        });
        prop_assert_eq!(p.remembered_device_allowed(since, NOW), each);
        match p.remember_days(server_max) {
            None => prop_assert!(policies.iter().any(|o| !o.allow_remembered_devices)),
            Some(days) => {
                prop_assert!(days >= 1 && days <= server_max.min(365));
                prop_assert!(policies.iter().all(|o| days <= o.remembered_device_days));
            }
        }
        prop_assert_eq!(p.app_passwords_allowed(), policies.iter().all(|o| o.allow_app_passwords));
    }
}

fn decision_allows(orgs: &[OrgPolicy<'_>], methods: &[MethodKind], now: OffsetDateTime) -> bool {
    decide(&Subject {
        methods,
        second_factor: SecondFactor::Verified,
        credential: Credential {
            client: ClientKind::Web,
            issued_at: now,
        },
        orgs,
        now,
        setup_due: false,
    }) == Decision::Allow
}
