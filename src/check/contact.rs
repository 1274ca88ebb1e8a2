//! Contacts whose numbers or addresses cannot be right: a telephone number
//! that cannot be called, a postal code or an email address that cannot
//! be delivered to. (Full-width digits are made half-width by the loader,
//! with a warning; what is left here is a real mistake.)

use super::err;
use crate::diag::Diagnostics;
use crate::model::{Contact, Region};

pub fn check(region: &Region, diags: &Diagnostics) {
    let o = &region.origin;
    let all = std::iter::once(("secretariat".to_string(), &region.secretariat)).chain(
        region
            .contacts
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("contacts[{i}]"), c)),
    );
    for (at, c) in all {
        for (key, value, ok, example) in fields(c) {
            // A starter's 〇〇 is reported once, as a placeholder.
            if !value.is_empty() && !value.contains('〇') && !ok(value) {
                diags.push(
                    err(
                        o,
                        &format!("{at}.{key}"),
                        format!("`{key}` の「{value}」は{} [bad {key}]", what(key)),
                    )
                    .hint(format!("例: {key}: {example}")),
                );
            }
        }
    }
}

type Rule<'a> = (&'static str, &'a str, fn(&str) -> bool, &'static str);

fn fields(c: &Contact) -> [Rule<'_>; 4] {
    [
        ("tel", c.tel.as_str(), phone, "0594-72-6050"),
        ("fax", c.fax.as_str(), phone, "0594-72-6090"),
        (
            "postal_code",
            c.postal_code.as_str(),
            postal_code,
            "511-0428",
        ),
        ("email", c.email.as_str(), email, "office@example.jp"),
    ]
}

fn what(key: &str) -> &'static str {
    match key {
        "postal_code" => "郵便番号の形（3桁-4桁）ではありません",
        "email" => "メールアドレスの形ではありません",
        _ => "電話番号の形ではありません（市外局番からの10桁か11桁の数字）",
    }
}

/// A Japanese number dialled from anywhere: 10 or 11 digits from the area
/// code (0…), written with hyphens, spaces or brackets.
pub fn phone(s: &str) -> bool {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    s.chars().all(|c| c.is_ascii_digit() || "-() ".contains(c))
        && digits.starts_with('0')
        && (10..=11).contains(&digits.len())
}

/// `511-0428` or `5110428`.
pub fn postal_code(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        7 => b.iter().all(u8::is_ascii_digit),
        8 => b[3] == b'-' && b[..3].iter().chain(&b[4..]).all(u8::is_ascii_digit),
        _ => false,
    }
}

/// One `@`, something before it, a dotted domain after it, no spaces.
pub fn email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || !c.is_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        for ok in [
            "0594-72-6050",
            "080-2796-1464",
            "0120-000-000",
            "(0594) 72-6050",
        ] {
            assert!(phone(ok), "{ok}");
        }
        for bad in [
            "0594-72-605",
            "594-72-6050",
            "電話番号",
            "0594-72-6050 内線3",
            "1234567890",
        ] {
            assert!(!phone(bad), "{bad}");
        }
        assert!(postal_code("511-0428") && postal_code("5110428"));
        assert!(!postal_code("511-042") && !postal_code("〒511-0428"));
        assert!(email("info@kanyoma.jp"));
        for bad in [
            "info@",
            "info.jp",
            "a@b@c.jp",
            "a b@c.jp",
            "a@c",
            "事務局@c.jp",
        ] {
            assert!(!email(bad), "{bad}");
        }
    }
}
