//! 和暦: Japanese era dates, shown and parsed.
//!
//! The era table is short and fixed by law, so it is written here rather than
//! pulled in with a calendar crate. Dates are proleptic Gregorian; Japan used
//! the Gregorian calendar from 明治6年 (1873), and 明治 is counted from its
//! proclamation, 1868-10-23, as ICU does.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

struct Era {
    name: &'static str,
    letter: char,
    start: (i32, u32, u32),
}

/// Newest first, so the first era whose start is on or before a date is its era.
const ERAS: [Era; 5] = [
    Era {
        name: "令和",
        letter: 'R',
        start: (2019, 5, 1),
    },
    Era {
        name: "平成",
        letter: 'H',
        start: (1989, 1, 8),
    },
    Era {
        name: "昭和",
        letter: 'S',
        start: (1926, 12, 25),
    },
    Era {
        name: "大正",
        letter: 'T',
        start: (1912, 7, 30),
    },
    Era {
        name: "明治",
        letter: 'M',
        start: (1868, 10, 23),
    },
];

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A valid Gregorian date, or an explanation in Japanese.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, String> {
        if !(1..=12).contains(&month) {
            return Err(format!("{month}月という月はありません"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(format!("{year}年{month}月に{day}日はありません"));
        }
        Ok(Date { year, month, day })
    }

    fn era(&self) -> Option<&'static Era> {
        let t = (self.year, self.month, self.day);
        ERAS.iter().find(|e| e.start <= t)
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// `令和3年3月1日`; year 1 of an era is `元年`.
    pub fn wareki(&self) -> String {
        match self.era() {
            Some(e) => {
                let y = self.year - e.start.0 + 1;
                let y = if y == 1 {
                    "元".to_string()
                } else {
                    y.to_string()
                };
                format!("{}{}年{}月{}日", e.name, y, self.month, self.day)
            }
            None => self.seireki_ja(),
        }
    }

    /// `令和3年3月1日（2021年3月1日）`.
    pub fn wareki_with_seireki(&self) -> String {
        format!("{}（{}）", self.wareki(), self.seireki_ja())
    }

    pub fn seireki_ja(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Parses `2021-03-01`, `2021/3/1`, `令和3年3月1日`, `令和元年5月1日`,
    /// `R3.3.1`, `H30.9.6` (full-width digits too).
    pub fn parse(s: &str) -> Result<Date, String> {
        let t: String = s.trim().nfkc().collect();
        if t.is_empty() {
            return Err("日付が空です".into());
        }
        if let Some(era) = ERAS.iter().find(|e| {
            t.starts_with(e.name)
                || t.starts_with(e.letter)
                || t.starts_with(e.letter.to_ascii_lowercase())
        }) {
            let rest = t
                .strip_prefix(era.name)
                .or_else(|| t.get(1..))
                .unwrap_or_default();
            let rest = rest.replacen('元', "1", 1);
            let nums = numbers(&rest);
            let [y, m, d] = nums[..] else {
                return Err(format!("「{s}」を日付として読めません"));
            };
            if y == 0 {
                return Err(format!(
                    "{}0年という年はありません（元年が1年です）",
                    era.name
                ));
            }
            let date = Date::new(era.start.0 + y as i32 - 1, m, d)?;
            if date.era().map(|e| e.name) != Some(era.name) {
                return Err(format!(
                    "{}{}年{}月{}日は{}にはありません（{}に当たります）",
                    era.name,
                    y,
                    m,
                    d,
                    era.name,
                    date.wareki()
                ));
            }
            return Ok(date);
        }
        let nums = numbers(&t);
        match nums[..] {
            [y, m, d] if y >= 1000 => Date::new(y as i32, m, d),
            _ => Err(format!("「{s}」を日付として読めません")),
        }
    }
}

fn numbers(s: &str) -> Vec<u32> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

/// The Tera filter `wareki`: `{{ "2021-03-01" | wareki }}` prints
/// 令和3年3月1日, `{{ d | wareki(seireki=true) }}` adds （2021年3月1日）.
/// Registered on every Tera the site uses, so templates and pages format
/// dates the one way.
pub fn tera_filter(
    value: &tera::Value,
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let s = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("wareki: 日付の文字列を渡してください"))?;
    let d = Date::parse(s).map_err(tera::Error::msg)?;
    let with = args
        .get("seireki")
        .and_then(tera::Value::as_bool)
        .unwrap_or(false);
    Ok(tera::Value::String(if with {
        d.wareki_with_seireki()
    } else {
        d.wareki()
    }))
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(|why| {
            serde::de::Error::custom(crate::diag::carried::encode(
                &why,
                "日付は 2021-03-01 か 令和3年3月1日 のように書いてください。",
            ))
        })
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "日付。2021-03-01、令和3年3月1日、R3.3.1 のどれかの書き方で。",
            "examples": ["令和3年3月1日", "2021-03-01"]
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_wareki_with_gannen() {
        assert_eq!(Date::new(2021, 3, 1).unwrap().wareki(), "令和3年3月1日");
        assert_eq!(Date::new(2019, 5, 1).unwrap().wareki(), "令和元年5月1日");
        assert_eq!(Date::new(2019, 4, 30).unwrap().wareki(), "平成31年4月30日");
    }

    #[test]
    fn parses_the_forms_people_write() {
        let d = Date::new(2021, 3, 1).unwrap();
        for s in [
            "2021-03-01",
            "2021/3/1",
            "令和3年3月1日",
            "R3.3.1",
            "r3.3.1",
            "令和３年３月１日",
        ] {
            assert_eq!(Date::parse(s), Ok(d), "{s}");
        }
        assert_eq!(Date::parse("令和元年5月1日"), Date::new(2019, 5, 1));
        assert_eq!(Date::parse("平成30年9月6日"), Date::new(2018, 9, 6));
    }

    #[test]
    fn era_boundaries_since_meiji() {
        // Written out by hand from the 元号 proclamations.
        let table = [
            ((1868, 10, 23), "明治元年10月23日"),
            ((1912, 7, 29), "明治45年7月29日"),
            ((1912, 7, 30), "大正元年7月30日"),
            ((1926, 12, 24), "大正15年12月24日"),
            ((1926, 12, 25), "昭和元年12月25日"),
            ((1989, 1, 7), "昭和64年1月7日"),
            ((1989, 1, 8), "平成元年1月8日"),
            ((2019, 4, 30), "平成31年4月30日"),
            ((2019, 5, 1), "令和元年5月1日"),
            ((2021, 3, 1), "令和3年3月1日"),
        ];
        for ((y, m, d), want) in table {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(date.wareki(), want);
            assert_eq!(Date::parse(want), Ok(date), "{want}");
        }
        assert_eq!(
            Date::new(2021, 3, 1).unwrap().wareki_with_seireki(),
            "令和3年3月1日（2021年3月1日）"
        );
    }

    #[test]
    fn the_tera_filter_formats_dates() {
        let mut args = std::collections::HashMap::new();
        let v = tera_filter(&tera::Value::String("2019-05-01".into()), &args).unwrap();
        assert_eq!(v, "令和元年5月1日");
        args.insert("seireki".to_string(), tera::Value::Bool(true));
        let v = tera_filter(&tera::Value::String("H30.9.6".into()), &args).unwrap();
        assert_eq!(v, "平成30年9月6日（2018年9月6日）");
        assert!(tera_filter(&tera::Value::String("令和0年1月1日".into()), &args).is_err());
    }

    #[test]
    fn days_since_epoch() {
        assert_eq!(
            Date::from_days_since_epoch(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            Date::from_days_since_epoch(18_687),
            Date {
                year: 2021,
                month: 3,
                day: 1
            }
        );
        assert_eq!(
            Date::from_days_since_epoch(-1),
            Date {
                year: 1969,
                month: 12,
                day: 31
            }
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        assert!(Date::parse("令和0年1月1日").unwrap_err().contains("0年"));
        assert!(Date::parse("令和3年2月30日").unwrap_err().contains("30日"));
        assert!(
            Date::parse("平成32年1月1日")
                .unwrap_err()
                .contains("令和2年")
        );
        assert!(Date::parse("令和元年4月30日").is_err());
        assert!(Date::parse("きのう").is_err());
    }
}
