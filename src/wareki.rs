//! 和暦: Japanese era dates, shown and parsed.
//!
//! The era table is short and fixed by law, so it is written here rather than
//! pulled in with a calendar crate. Dates are proleptic Gregorian; Japan used
//! the Gregorian calendar from 明治6年 (1873), and 明治 is counted from its
//! proclamation, 1868-10-23, as ICU does.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use unicode_normalization::UnicodeNormalization;

/// A date as a document gives it: a day, or only a month, a year, a fiscal
/// year (年度), or a date written with blanks (「平成29年　月　日」). `year`,
/// `month` and `day` are the first day it covers (a fiscal year begins on
/// 1 April), which is how dates sort and what a PDF is dated.
#[derive(Debug, Clone, Copy)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub precision: Precision,
    /// The era the source wrote the year in, if it wrote one: the date is
    /// printed in it (平成31年 stays 平成31年).
    era: Option<u8>,
    /// Which of year, month and day (bits 0, 1, 2) the source wrote in
    /// full-width digits (令和６年10月１日, as 公用文 often does): printed
    /// the same way.
    full_width: u8,
}

/// How much of a date the source gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Day,
    Month,
    Year,
    /// 年度: April to March.
    FiscalYear,
    /// The year, with the month and day left blank to write by hand.
    Blank,
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
    /// A valid Gregorian day, or an explanation in Japanese.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, String> {
        if !(1..=12).contains(&month) {
            return Err(format!("{month}月という月はありません"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(format!("{year}年{month}月に{day}日はありません"));
        }
        Ok(Date::ymd(year, month, day))
    }

    /// A day known to be valid (constants).
    pub const fn ymd(year: i32, month: u32, day: u32) -> Date {
        Date {
            year,
            month,
            day,
            precision: Precision::Day,
            era: None,
            full_width: 0,
        }
    }

    fn era(&self) -> Option<&'static Era> {
        if let Some(i) = self.era {
            return ERAS.get(usize::from(i));
        }
        // A year or fiscal year takes the era of most of it (2019 and
        // FY2019 are 令和元年 and 令和元年度; FY1988 is 昭和63年度).
        let t = match self.precision {
            Precision::Day | Precision::Month => (self.year, self.month, self.day),
            Precision::FiscalYear => (self.year, 10, 1),
            Precision::Year | Precision::Blank => (self.year, 7, 1),
        };
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
        Date::ymd(year, month, day)
    }

    /// Whether the source gives the day itself.
    pub fn is_day(&self) -> bool {
        self.precision == Precision::Day
    }

    /// In 和暦, as much as the source gives: `令和3年3月1日`, `平成27年12月`,
    /// `令和元年度`, `平成29年　月　日`; year 1 of an era is `元年`.
    pub fn wareki(&self) -> String {
        match self.era() {
            Some(e) => {
                let y = self.year - e.start.0 + 1;
                let y = if y == 1 {
                    "元".to_string()
                } else {
                    self.digits(y as u32, 0)
                };
                format!("{}{}{}", e.name, y, self.after_year())
            }
            None => self.seireki_ja(),
        }
    }

    /// What follows the year: `年3月1日`, `年12月`, `年`, `年度`, `年　月　日`.
    fn after_year(&self) -> String {
        match self.precision {
            Precision::Day => format!(
                "年{}月{}日",
                self.digits(self.month, 1),
                self.digits(self.day, 2)
            ),
            Precision::Month => format!("年{}月", self.digits(self.month, 1)),
            Precision::Year => "年".into(),
            Precision::FiscalYear => "年度".into(),
            Precision::Blank => "年　月　日".into(),
        }
    }

    /// A number of the date (bit 0 year, 1 month, 2 day) in the digits the
    /// source used.
    fn digits(&self, n: u32, bit: u8) -> String {
        let s = n.to_string();
        if self.full_width & (1 << bit) == 0 {
            return s;
        }
        s.chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect()
    }

    /// `令和3年3月1日（2021年3月1日）`, `平成27年12月（2015年12月）`.
    pub fn wareki_with_seireki(&self) -> String {
        let seireki = match self.precision {
            Precision::Blank => format!("{}年", self.year),
            _ => self.seireki_ja(),
        };
        format!("{}（{seireki}）", self.wareki())
    }

    pub fn seireki_ja(&self) -> String {
        format!("{}{}", self.year, self.after_year())
    }

    /// `2021-03-01`, `2015-12`, `2019`: HTML's `<time datetime>`.
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Day => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
            Precision::Month => format!("{:04}-{:02}", self.year, self.month),
            _ => format!("{:04}", self.year),
        }
    }

    /// Parses what documents write: `2021-03-01`, `2021/3/1`, `令和3年3月1日`,
    /// `令和元年5月1日`, `R3.3.1`, `H30.9.6`; a month `平成27年12月`, `2015-12`;
    /// a year `令和元年`, `2019年`; a fiscal year `令和元年度`, `2019年度`; blanks
    /// `平成29年　月　日` (full-width digits too).
    pub fn parse(s: &str) -> Result<Date, String> {
        let t: String = s.trim().nfkc().collect();
        if t.is_empty() {
            return Err("日付が空です".into());
        }
        let era = ERAS.iter().position(|e| {
            t.starts_with(e.name)
                || t.starts_with(e.letter)
                || t.starts_with(e.letter.to_ascii_lowercase())
        });
        let rest = match era {
            Some(i) => t
                .strip_prefix(ERAS[i].name)
                .or_else(|| t.get(1..))
                .unwrap_or_default()
                .replacen('元', "1", 1),
            None => t.clone(),
        };
        let parts = parts(&rest).ok_or_else(|| format!("「{s}」を日付として読めません"))?;
        let Parts {
            year,
            month,
            day,
            fiscal,
        } = parts;
        let year = match era {
            Some(i) => {
                if year == 0 {
                    return Err(format!(
                        "{}0年という年はありません（元年が1年です）",
                        ERAS[i].name
                    ));
                }
                ERAS[i].start.0 + year as i32 - 1
            }
            None if year >= 1000 => year as i32,
            None => return Err(format!("「{s}」を日付として読めません")),
        };
        let date = match (month, day, fiscal) {
            (_, _, true) => Date {
                precision: Precision::FiscalYear,
                ..Date::ymd(year, 4, 1)
            },
            (Part::Given(m), Part::Given(d), _) => Date::new(year, m, d)?,
            (Part::Given(m), Part::Absent, _) => {
                Date::new(year, m, 1)?;
                Date {
                    precision: Precision::Month,
                    ..Date::ymd(year, m, 1)
                }
            }
            (Part::Absent, Part::Absent, _) => Date {
                precision: Precision::Year,
                ..Date::ymd(year, 1, 1)
            },
            (Part::Blank, Part::Blank | Part::Absent, _) => Date {
                precision: Precision::Blank,
                ..Date::ymd(year, 1, 1)
            },
            _ => return Err(format!("「{s}」を日付として読めません")),
        };
        let Some(i) = era else {
            return Ok(date);
        };
        let date = Date {
            full_width: full_width_fields(s),
            ..date
        };
        // Kept only where the era is a choice (a year that two eras share).
        let written = Date {
            era: Some(i as u8),
            ..date
        };
        let date = if written.era().map(|e| e.name) == date.era().map(|e| e.name) {
            date
        } else {
            written
        };
        // The era must cover what the source names: 平成32年 does not exist.
        let e = &ERAS[i];
        let end = i.checked_sub(1).map(|n| ERAS[n].start);
        let (first, last) = match date.precision {
            Precision::Day => (
                (date.year, date.month, date.day),
                (date.year, date.month, date.day),
            ),
            Precision::Month => (
                (date.year, date.month, days_in_month(date.year, date.month)),
                (date.year, date.month, 1),
            ),
            // A year or fiscal year of an era overlaps it somewhere.
            _ => ((date.year, 12, 31), (date.year, 1, 1)),
        };
        if first < e.start || end.is_some_and(|end| last >= end) {
            let computed = Date { era: None, ..date };
            return Err(format!(
                "{}は{}にはありません（{}に当たります）",
                written.wareki(),
                e.name,
                computed.wareki()
            ));
        }
        Ok(date)
    }
}

/// Which numbers of a 和暦 date written with 年 are in full-width digits:
/// the digit runs are the year (unless 元年), the month and the day.
fn full_width_fields(s: &str) -> u8 {
    if !s.contains('年') {
        return 0;
    }
    let mut runs = Vec::new();
    let mut current: Option<bool> = None;
    for c in s.chars() {
        let full = ('０'..='９').contains(&c);
        if full || c.is_ascii_digit() {
            current = Some(current.unwrap_or(false) || full);
        } else if let Some(f) = current.take() {
            runs.push(f);
        }
    }
    runs.extend(current);
    let first = if s.contains("元年") { 1 } else { 0 };
    runs.iter()
        .zip(first..3)
        .filter(|(full, _)| **full)
        .fold(0, |m, (_, bit)| m | (1 << bit))
}

/// One of month and day as written: a number, a blank left to fill by hand
/// (「　月」), or not written at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Given(u32),
    Blank,
    Absent,
}

struct Parts {
    year: u32,
    month: Part,
    day: Part,
    fiscal: bool,
}

/// Year, month and day of `3年3月1日`, `27年12月`, `29年 月 日`, `1年度`,
/// `2021-03-01`, `2015/12`, `3.3.1`, `2019`.
fn parts(rest: &str) -> Option<Parts> {
    let number = |s: &str| -> Option<u32> {
        let s = s.trim();
        (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())).then(|| s.parse().ok())?
    };
    if rest.contains('年') {
        let (y, after) = rest.split_once('年')?;
        let fiscal = after.starts_with('度');
        let after = after.strip_prefix('度').unwrap_or(after);
        let (month, after) = match after.split_once('月') {
            Some((m, a)) if m.trim().is_empty() => (Part::Blank, a),
            Some((m, a)) => (Part::Given(number(m)?), a),
            None if after.trim().is_empty() => (Part::Absent, ""),
            None => return None,
        };
        let day = match after.split_once('日') {
            Some((d, a)) if a.trim().is_empty() && d.trim().is_empty() => Part::Blank,
            Some((d, a)) if a.trim().is_empty() => Part::Given(number(d)?),
            None if after.trim().is_empty() => Part::Absent,
            _ => return None,
        };
        return Some(Parts {
            year: number(y)?,
            month,
            day,
            fiscal,
        });
    }
    let nums: Vec<&str> = rest.split(['-', '/', '.']).collect();
    let get = |i: usize| nums.get(i).map(|s| number(s));
    match nums.len() {
        1..=3 => Some(Parts {
            year: get(0)??,
            month: get(1).map_or(Some(Part::Absent), |n| n.map(Part::Given))?,
            day: get(2).map_or(Some(Part::Absent), |n| n.map(Part::Given))?,
            fiscal: false,
        }),
        _ => None,
    }
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

impl Date {
    /// What makes two dates the same, and their order: the first day,
    /// then how much the source gave; not how its digits were written.
    fn key(&self) -> (i32, u32, u32, Precision, Option<u8>) {
        (self.year, self.month, self.day, self.precision, self.era)
    }
}

impl PartialEq for Date {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Date {}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl std::hash::Hash for Date {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// Every field of a [`Date`], for formats that are not read by people (a
/// loaded region's snapshot): the ISO form drops the era and the full-width
/// digits the date is printed with.
type Fields = (i32, u32, u32, u8, Option<u8>, u8);

const PRECISIONS: [Precision; 5] = [
    Precision::Day,
    Precision::Month,
    Precision::Year,
    Precision::FiscalYear,
    Precision::Blank,
];

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            let (year, month, day, precision, era, full_width) = Fields::deserialize(d)?;
            let precision = *PRECISIONS
                .get(usize::from(precision))
                .ok_or_else(|| serde::de::Error::custom("no such precision"))?;
            if era.is_some_and(|e| usize::from(e) >= ERAS.len()) {
                return Err(serde::de::Error::custom("no such era"));
            }
            return Ok(Date {
                year,
                month,
                day,
                precision,
                era,
                full_width,
            });
        }
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(|why| {
            serde::de::Error::custom(crate::diag::carried::encode(
                &why,
                "日付は 2021-03-01 か 令和3年3月1日 のように書いてください（平成27年12月、令和元年度のように、わかっているところまででもかまいません）。",
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
            "description": "日付。2021-03-01、令和3年3月1日、R3.3.1 のどれかの書き方で。わかっているところまでで書けます: 平成27年12月（月まで）、令和元年（年まで）、令和元年度（年度）、平成29年　月　日（空欄のまま）。書いた和暦のまま表示します。",
            "examples": ["令和3年3月1日", "2021-03-01", "平成27年12月", "令和元年度"]
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            let precision = PRECISIONS
                .iter()
                .position(|p| *p == self.precision)
                .expect("every precision is listed") as u8;
            let fields: Fields = (
                self.year,
                self.month,
                self.day,
                precision,
                self.era,
                self.full_width,
            );
            return fields.serialize(s);
        }
        s.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A loaded region's snapshot (CBOR, not read by people) keeps every
    /// field, so a date reads back printing as the source wrote it; JSON
    /// (the templates' view) has the ISO form.
    #[test]
    fn dates_keep_how_they_were_written_through_a_snapshot() {
        let written = [
            "平成31年",
            "令和元年度",
            "令和６年10月１日",
            "平成29年　月　日",
            "2015-12",
        ];
        let mut eras = 0;
        for w in written {
            let d = Date::parse(w).unwrap();
            eras += usize::from(d.era.is_some());
            let mut bytes = Vec::new();
            ciborium::into_writer(&d, &mut bytes).unwrap();
            let back: Date = ciborium::from_reader(&bytes[..]).unwrap();
            assert_eq!(format!("{back:?}"), format!("{d:?}"), "{w}");
            assert_eq!(back.wareki(), d.wareki(), "{w}");
            assert_eq!(
                serde_json::to_string(&d).unwrap(),
                format!("\"{}\"", d.iso())
            );
        }
        assert!(eras > 0, "a date whose era is kept is among them");
    }

    #[test]
    fn partial_dates_print_as_written_and_sort_sensibly() {
        let p = |s: &str| Date::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(p("平成27年12月").wareki(), "平成27年12月");
        assert_eq!(p("2015-12").wareki(), "平成27年12月");
        assert_eq!(p("平成27年12月").iso(), "2015-12");
        assert_eq!(p("令和元年度").wareki(), "令和元年度");
        assert_eq!(
            p("令和元年度").wareki_with_seireki(),
            "令和元年度（2019年度）"
        );
        assert_eq!(p("2019年度").wareki(), "令和元年度");
        assert_eq!(p("令和元年").wareki(), "令和元年");
        assert_eq!(p("平成31年").wareki(), "平成31年");
        assert_eq!(p("平成29年　月　日").wareki(), "平成29年　月　日");
        assert_eq!(p("平成29年 月 日").precision, Precision::Blank);
        assert_eq!(p("2017/7/26").wareki(), "平成29年7月26日");
        // Written in the era the source chose.
        assert_eq!(p("平成31年4月").wareki(), "平成31年4月");
        let mut v = [
            p("令和元年度"),
            p("平成31年1月"),
            p("2019-05-01"),
            p("平成30年"),
        ];
        v.sort();
        let shown: Vec<String> = v.iter().map(Date::wareki).collect();
        assert_eq!(
            shown,
            ["平成30年", "平成31年1月", "令和元年度", "令和元年5月1日"]
        );
        for bad in [
            "令和0年",
            "令和3年2月30日",
            "平成32年",
            "平成31年5月",
            "令和元年4月",
            "13月",
            "令和3年13月",
            "2021-02-30",
            "令和　年　月　日",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

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
        assert_eq!(Date::from_days_since_epoch(0), Date::ymd(1970, 1, 1));
        assert_eq!(Date::from_days_since_epoch(18_687), Date::ymd(2021, 3, 1));
        assert_eq!(Date::from_days_since_epoch(-1), Date::ymd(1969, 12, 31));
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

    #[test]
    fn digits_print_in_the_width_the_source_wrote() {
        let w = |s: &str| Date::parse(s).unwrap().wareki();
        assert_eq!(w("令和６年10月１日"), "令和６年10月１日");
        assert_eq!(w("令和４年４月１日"), "令和４年４月１日");
        assert_eq!(w("令和元年５月１日"), "令和元年５月１日");
        assert_eq!(w("令和6年10月1日"), "令和6年10月1日");
        assert_eq!(w("平成２７年１２月"), "平成２７年１２月");
        // Other ways of writing are shown the usual way.
        assert_eq!(w("R6.10.1"), "令和6年10月1日");
        assert_eq!(w("２０２４年１０月１日"), "令和6年10月1日");
        // Still the same day, sorted the same.
        assert_eq!(
            Date::parse("令和６年10月１日").unwrap().iso(),
            Date::parse("令和6年10月1日").unwrap().iso()
        );
    }
}
