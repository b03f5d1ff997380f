//! PII tokenization: detection of each kind, stable tokens, restoration in text and nested
//! JSON, random PII in random JSON (property-style, seeded), and things that must not be taken
//! for personal data.

use codemode_service::pii::{PiiKind, PiiPattern, PiiSettings, Tokenizer};
use fastrand::Rng;
use serde_json::{Value, json};

fn tokenizer() -> Tokenizer {
    Tokenizer::new(&PiiSettings::default()).unwrap()
}

fn redact(text: &str) -> String {
    tokenizer().redact_text(text)
}

#[test]
fn each_kind_gets_its_token() {
    let cases = [
        ("mail ada@example.com now", "mail [EMAIL_1] now"),
        ("Ada.Lovelace+tag@mail.example.co.uk.", "[EMAIL_1]."),
        ("call +1 415 555 2671 today", "call [PHONE_1] today"),
        ("call +44 20 7946 0958", "call [PHONE_1]"),
        ("call +49 (30) 1234567", "call [PHONE_1]"),
        ("tel +33612345678", "tel [PHONE_1]"),
        (
            "us (415) 555-2671 or 415-555-2671",
            "us [PHONE_1] or [PHONE_2]",
        ),
        ("uk 020 7946 0958", "uk [PHONE_1]"),
        ("fr 01 23 45 67 89", "fr [PHONE_1]"),
        ("card 4111 1111 1111 1111 ok", "card [CARD_1] ok"),
        ("card 4111-1111-1111-1111", "card [CARD_1]"),
        ("amex 378282246310005", "amex [CARD_1]"),
        ("iban GB82 WEST 1234 5698 7654 32.", "iban [IBAN_1]."),
        ("iban DE89370400440532013000", "iban [IBAN_1]"),
        ("from 192.168.1.20:8080", "from [IP_1]:8080"),
        ("v6 2001:db8::8a2e:370:7334 and ::1", "v6 [IP_1] and [IP_2]"),
        (
            "full fe80:0000:0000:0000:0202:b3ff:fe1e:8329",
            "full [IP_1]",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(redact(input), expected, "{input}");
    }
}

#[test]
fn tokens_are_stable_and_restore() {
    let mut t = tokenizer();
    let a = t.redact_text("a@x.io wrote to b@y.io, cc a@x.io");
    assert_eq!(a, "[EMAIL_1] wrote to [EMAIL_2], cc [EMAIL_1]");
    // A later result reuses the mapping.
    assert_eq!(t.redact_text("reply to b@y.io"), "reply to [EMAIL_2]");
    assert_eq!(
        t.restore_text("send to [EMAIL_2] and [EMAIL_9]"),
        "send to b@y.io and [EMAIL_9]"
    );
    let mut args = json!({"to": ["[EMAIL_1]"], "body": "Hi [EMAIL_2]", "nested": {"[EMAIL_1]": 1}});
    t.restore_json(&mut args);
    assert_eq!(
        args,
        json!({"to": ["a@x.io"], "body": "Hi b@y.io", "nested": {"a@x.io": 1}})
    );
    assert_eq!(t.len(), 2);
    assert!(
        !format!("{t:?}").contains("x.io"),
        "Debug never shows values"
    );
}

#[test]
fn json_numbers_that_are_cards_round_trip_as_numbers() {
    let mut t = tokenizer();
    let original = json!({"card": 4111111111111111u64, "count": 42, "ts": 1732200000000u64});
    let mut v = original.clone();
    t.redact_json(&mut v);
    assert_eq!(
        v,
        json!({"card": "[CARD_1]", "count": 42, "ts": 1732200000000u64})
    );
    t.restore_json(&mut v);
    assert_eq!(v, original);
}

#[test]
fn settings_choose_kinds_and_add_patterns() {
    let settings = PiiSettings {
        kinds: vec![PiiKind::Email],
        patterns: vec![PiiPattern {
            name: "employee_id".into(),
            regex: r"\bEMP-\d{6}\b".into(),
        }],
        ..PiiSettings::default()
    };
    let mut t = Tokenizer::new(&settings).unwrap();
    assert_eq!(
        t.redact_text("EMP-123456 a@b.io 192.168.0.1"),
        "[EMPLOYEE_ID_1] [EMAIL_1] 192.168.0.1"
    );
    let off = PiiSettings {
        enabled: false,
        ..PiiSettings::default()
    };
    assert_eq!(
        Tokenizer::new(&off).unwrap().redact_text("a@b.io"),
        "a@b.io"
    );
    for (name, regex) in [
        ("bad name", "x"),
        ("email", "x"),
        ("ok", "("),
        ("empty", "a*"),
    ] {
        let s = PiiSettings {
            patterns: vec![PiiPattern {
                name: name.into(),
                regex: regex.into(),
            }],
            ..PiiSettings::default()
        };
        assert!(s.validate().is_err(), "{name} {regex}");
    }
    let parsed: PiiSettings = serde_json::from_value(json!({"kinds": ["card", "iban"]})).unwrap();
    assert!(parsed.enabled && parsed.kinds == [PiiKind::Card, PiiKind::Iban]);
}

#[test]
fn false_positives_are_left_alone() {
    let clean = [
        "id 123e4567-e89b-12d3-a456-426614174000",
        "at 2024-01-15T10:30:00Z and 2024-01-15 10:30:00.123+02:00",
        "dates 15/01/2024, 01.02.2024, 2024/01/15",
        "time 12:30:45, 23:59",
        "version 1.2.3, v2.10.4.1, 10.0.19045.3803, 2.0.0-beta.1",
        "order ORD-2024-000123, #A1234567, INV-20240115-0042",
        "plain 1234567890 and 12345678901234 and 3.14159 and 1,234,567.89",
        "amount $1,299.00, port localhost:8080, http 404",
        "sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "ms epoch 1732200000000 and ns 1732200000000000000",
        "ISBN 978-3-16-148410-0 and build 20240115.1",
        "mac 00:1A:2B:3C:4D:5E",
        "scope std::vector and a::b",
        "ratio 16:9 and score 3-2-1",
        "at 52.5200, 13.4050 for €1.234,56 over PT1H30M",
        "color #aabbcc, C++ 17, GMT+2, UTC+05:30, +1 vote, -42",
        "population 1 234 567 and 8,000,000,000",
        "phone-ish ids 2024-0115-1234 and 555-0100",
        "range 10-20, 100-200-300, pages 12-15",
        "file report_2024-01-15_final.csv and IMG_20240115_103000.jpg",
    ];
    let mut t = tokenizer();
    for text in clean {
        assert_eq!(t.redact_text(text), text, "{text}");
    }
    assert!(t.is_empty());
}

// --- property-style ---------------------------------------------------------------------------

fn luhn_digit(body: &str) -> char {
    let mut sum = 0;
    for (i, c) in body.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    char::from_digit((10 - sum % 10) % 10, 10).unwrap()
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.u8(0..10))).collect()
}

fn word(rng: &mut Rng) -> String {
    (0..rng.usize(2..9))
        .map(|_| char::from(b'a' + rng.u8(0..26)))
        .collect()
}

fn iban(rng: &mut Rng) -> String {
    let (country, len) =
        [("DE", 18), ("GB", 18), ("FR", 23), ("NL", 14), ("ES", 20)][rng.usize(0..5)];
    let bban: String = if country == "GB" || country == "NL" {
        (0..4)
            .map(|_| char::from(b'A' + rng.u8(0..26)))
            .collect::<String>()
            + &digits(rng, len - 4)
    } else {
        digits(rng, len)
    };
    // Check digits: 98 - (bban + country + "00") mod 97.
    let numeric: String = format!("{bban}{country}00")
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                c.to_string()
            } else {
                (c as u32 - 'A' as u32 + 10).to_string()
            }
        })
        .collect();
    let rem = numeric
        .bytes()
        .fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97);
    let compact = format!("{country}{:02}{bban}", 98 - rem);
    if rng.bool() {
        compact
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        compact
    }
}

fn pii(rng: &mut Rng) -> String {
    match rng.usize(0..6) {
        0 => format!(
            "{}.{}@{}.{}",
            word(rng),
            word(rng),
            word(rng),
            ["com", "org", "io", "de"][rng.usize(0..4)]
        ),
        1 => match rng.usize(0..3) {
            0 => format!(
                "+{} {} {} {}",
                rng.u8(1..99),
                digits(rng, 3),
                digits(rng, 3),
                digits(rng, 4)
            ),
            1 => format!(
                "({}) {}-{}",
                rng.u16(200..999),
                digits(rng, 3),
                digits(rng, 4)
            ),
            _ => format!("+44 20 {} {}", digits(rng, 4), digits(rng, 4)),
        },
        2 => {
            let prefix = ["4", "51", "37", "6011"][rng.usize(0..4)];
            let len = if prefix == "37" { 15 } else { 16 };
            let body = format!("{prefix}{}", digits(rng, len - 1 - prefix.len()));
            let card = format!("{body}{}", luhn_digit(&body));
            match rng.usize(0..3) {
                0 => card,
                1 => card
                    .as_bytes()
                    .chunks(4)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => card
                    .as_bytes()
                    .chunks(4)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect::<Vec<_>>()
                    .join("-"),
            }
        }
        3 => iban(rng),
        4 => format!(
            "{}.{}.{}.{}",
            rng.u8(1..=255),
            rng.u8(0..=255),
            rng.u8(0..=255),
            rng.u8(1..=254)
        ),
        _ => {
            let groups: Vec<u16> = (0..8).map(|_| rng.u16(1..)).collect();
            let mut addr = std::net::Ipv6Addr::new(
                groups[0], groups[1], groups[2], groups[3], groups[4], groups[5], groups[6],
                groups[7],
            );
            if rng.bool() {
                let mut s = addr.segments();
                s[3] = 0;
                s[4] = 0;
                addr = s.into();
            }
            addr.to_string()
        }
    }
}

/// Random JSON whose strings embed PII between ordinary words; returns it and the PII values.
fn document(rng: &mut Rng, depth: usize, values: &mut Vec<String>) -> Value {
    let leaf = |rng: &mut Rng, values: &mut Vec<String>| -> Value {
        match rng.usize(0..4) {
            0 => json!(rng.u32(0..1_000_000)),
            1 => json!(rng.bool()),
            _ => {
                let mut parts = Vec::new();
                for _ in 0..rng.usize(1..5) {
                    if rng.usize(0..3) == 0 {
                        let v = pii(rng);
                        values.push(v.clone());
                        parts.push(v);
                    } else {
                        parts.push(word(rng));
                    }
                }
                let sep = [" ", ", ", "; ", "\n", " (", ") "][rng.usize(0..6)];
                Value::String(parts.join(sep))
            }
        }
    };
    if depth == 0 || rng.usize(0..3) == 0 {
        return leaf(rng, values);
    }
    if rng.bool() {
        Value::Array(
            (0..rng.usize(0..5))
                .map(|_| document(rng, depth - 1, values))
                .collect(),
        )
    } else {
        let mut map = serde_json::Map::new();
        for _ in 0..rng.usize(0..5) {
            let key = if rng.usize(0..6) == 0 {
                let v = pii(rng);
                values.push(v.clone());
                v
            } else {
                word(rng)
            };
            map.insert(key, document(rng, depth - 1, values));
        }
        Value::Object(map)
    }
}

#[test]
fn random_pii_in_random_json_is_removed_and_restored() {
    for seed in 0..1000 {
        let mut rng = Rng::with_seed(seed);
        let mut values = Vec::new();
        let original = document(&mut rng, 4, &mut values);
        let mut t = tokenizer();
        let mut redacted = original.clone();
        t.redact_json(&mut redacted);
        let text = redacted.to_string();
        for v in &values {
            assert!(
                !text.contains(v.as_str()),
                "seed {seed}: {v:?} survived in {text}"
            );
        }
        let mut restored = redacted.clone();
        t.restore_json(&mut restored);
        assert_eq!(restored, original, "seed {seed}: {text}");
        // Text round trip too, and a second redaction of the same data gives the same tokens.
        let raw = original.to_string();
        let once = t.redact_text(&raw);
        assert_eq!(t.restore_text(&once), raw, "seed {seed}");
        assert_eq!(t.redact_text(&raw), once, "seed {seed}");
    }
}
