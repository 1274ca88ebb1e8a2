//! The bundled project, built: pages, links, anchors, Japanese text.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::common::{bundled_output, files};

fn html(rel: &str) -> String {
    std::fs::read_to_string(bundled_output().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn portal_lists_every_region() {
    let portal = html("index.html");
    for (id, name) in [
        ("inabe", "いなべ地域ケアネット"),
        ("osaki", "おおさき地区医介連ネットワーク"),
        ("kanzaki", "神崎"),
        ("matsubara", "m@tsuネット"),
        ("koganei", "小金井市多職種ネットワーク"),
    ] {
        assert!(
            portal.contains(&format!("href=\"{id}/index.html\"")),
            "{id} not linked"
        );
        assert!(portal.contains(name), "{name} not on the portal");
    }
    assert!(portal.contains("<html lang=\"ja\">"));
    // Each name with its reading, as the reference promises.
    assert_eq!(portal.matches("<p class=\"reading\">").count(), 5);
}

#[test]
fn inabe_handbook_is_complete() {
    let out = bundled_output();
    for page in ["index", "contact", "forms", "glossary"] {
        assert!(out.join(format!("inabe/{page}.html")).is_file(), "{page}");
    }
    let rules = html("inabe/operation-rules.html");
    assert!(rules.contains(
        "パスワードは半角の英字数字を両方含む８文字以上とし、２ヶ月に１回程度、変更してください。"
    ));
    assert!(rules.contains("原則として、２１時以降翌朝８時までの投稿は禁止します。"));
    // The secretariat's number is written once in region.yaml and shown here.
    let contact = html("inabe/contact.html");
    assert!(contact.contains("0594-72-6050"), "phone number missing");
    assert!(contact.contains("いなべ市北勢町阿下喜"), "address missing");
    // A soft line break in the source between Japanese characters is joined.
    let mcs = html("inabe/mcs.html");
    assert!(
        mcs.contains("IDの管理をする人です") || mcs.contains("ITやIDの管理"),
        "soft break not joined"
    );
}

#[test]
fn headings_have_readable_japanese_anchors() {
    // A heading without an id of its own keeps its Japanese text as anchor.
    let p = crate::common::Project::new();
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    let page = p.read("output/demo/intro.html");
    // An article has its number as an anchor too (#第1条).
    assert!(
        page.contains(
            "<h2 id=\"第1条目的\"><span class=\"article-anchor\" id=\"第1条\"></span>第1条（目的）</h2>"
        ),
        "{page}"
    );
    let policy = html("matsubara/policy.html");
    // Articles carry stable ids given in the source.
    assert!(policy.contains("<h2 id=\"purpose\">"), "article id missing");
}

/// Collects every `href`/`src` in the output and checks each internal one
/// reaches a file and, for `#anchor`, an element with that id.
#[test]
fn every_internal_link_and_anchor_resolves() {
    let out = bundled_output();
    let pages: Vec<PathBuf> = files(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut links = Vec::new();
    for p in &pages {
        let text = std::fs::read_to_string(out.join(p)).unwrap();
        ids.insert(p.clone(), attr_values(&text, "id").into_iter().collect());
        for attr in ["href", "src"] {
            for v in attr_values(&text, attr) {
                links.push((p.clone(), v));
            }
        }
    }
    let mut broken = Vec::new();
    for (from, link) in &links {
        if link.contains("://") || link.starts_with("mailto:") || link.starts_with("tel:") {
            continue;
        }
        let (path, anchor) = link
            .split_once('#')
            .map_or((link.as_str(), None), |(p, a)| (p, Some(a)));
        let target = if path.is_empty() {
            from.clone()
        } else {
            normalise(&from.parent().unwrap().join(path))
        };
        if !path.is_empty() && !out.join(&target).is_file() {
            broken.push(format!("{}: {link} (no file)", from.display()));
            continue;
        }
        if let Some(a) = anchor {
            let a = percent_decode(a);
            if target.extension().is_some_and(|e| e == "html")
                && !ids.get(&target).is_some_and(|s| s.contains(&a))
            {
                broken.push(format!("{}: {link} (no #{a})", from.display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(
        links.len() > 100,
        "too few links found ({}): the scan itself is broken",
        links.len()
    );
}

fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn theme_is_phone_first_and_prints() {
    let css = std::fs::read_to_string(bundled_output().join("static/style.css")).unwrap();
    assert!(css.contains("line-break: strict"));
    assert!(css.contains("@media print"));
    let page = html("inabe/hajimeni.html");
    assert!(page.contains("name=\"viewport\""));
    // Nothing is fetched from elsewhere.
    assert!(!page.contains("src=\"http") && !page.contains("href=\"https://fonts"));
}

#[test]
fn every_region_has_a_booklet_linked_from_its_top_page() {
    for region in ["inabe", "osaki", "kanzaki", "matsubara", "koganei"] {
        let pdf = bundled_output().join(format!("{region}/booklet.pdf"));
        assert!(
            std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"),
            "{}",
            pdf.display()
        );
        let top = html(&format!("{region}/index.html"));
        assert!(
            top.contains("href=\"booklet.pdf\""),
            "{region}'s top page links the booklet"
        );
    }
}

/// The print shortcodes make Markdown that the booklet's converter reads as
/// what it is: a 別表 becomes a Typst table, not a paragraph of pipes.
#[test]
fn list_tables_print_as_tables_in_the_booklet() {
    use tebiki::commands::{History, prepare};
    use tebiki::render::{body, shortcodes::Mode};
    let diags = tebiki::diag::Diagnostics::new();
    let ctx = prepare(
        &crate::common::repo(),
        &diags,
        tebiki::write::cache::Cache::disabled(),
        History::Skip,
        None,
    )
    .expect("the bundled project loads");
    let ri = ctx
        .site
        .regions
        .iter()
        .position(|r| r.id == "osaki")
        .unwrap();
    let rc = ctx.region(ri);
    let page = rc.region.page("tables").expect("osaki/tables.md");
    let (markdown, problems) = body::expand(&rc, page, Mode::Print);
    assert!(problems.is_empty(), "{problems:?}");
    let typst = tebiki::markup::typst::convert(&markdown, 0);
    assert_eq!(typst.matches("#table(columns: 4").count(), 2, "{typst}");
    assert!(!typst.contains("| |"), "{typst}");
}

/// The booklets read by poppler.
#[cfg(feature = "checkers")]
mod checked {
    use super::*;
    use crate::common::tool;

    /// The printed booklet: one per region, seed sentences in its text with no
    /// space between Japanese characters (Typst would print one at a soft line
    /// break if tebiki did not join them).
    #[test]
    fn booklets_hold_the_handbook_text_without_stray_spaces() {
        let cases = [
            (
                "inabe",
                "事業所で1名以上選任し、事業所内でのIT機器やIDの管理をする人です。",
            ),
            (
                "inabe",
                "原則として、２１時以降翌朝８時までの投稿は禁止します。",
            ),
            ("osaki", "大崎市在宅医療・介護連携支援センター"),
            ("kanzaki", "利用者部屋世話役"),
            ("matsubara", "m@tsuネット"),
            ("koganei", "小金井市医師会"),
        ];
        for (region, sentence) in cases {
            let pdf = bundled_output().join(format!("{region}/booklet.pdf"));
            let out = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
            let text = String::from_utf8(out.stdout).unwrap();
            // Lines wrap in print: join them, then look for the sentence as is.
            let joined: String = text.lines().collect();
            // Typst sets a quarter-em between Japanese and Latin letters, which
            // pdftotext reads as a space: compare without spaces.
            assert!(
                joined.replace(' ', "").contains(sentence),
                "{region}: {sentence} not in the booklet"
            );
        }
    }

    /// A soft line break between Japanese characters in the Markdown prints as
    /// nothing in the booklet (Typst would print a space).
    #[test]
    fn soft_breaks_are_joined_in_the_booklet() {
        let p = crate::common::Project::new();
        p.write("content/demo/intro.md", "---\ntitle: はじめに\n---\n事業所内でのIT機器やIDの\n管理をする人です。\nThe end\nof line.\n");
        let (d, ok) = p.build();
        assert!(ok, "{d:#?}");
        let pdf = p.root().join("output/demo/booklet.pdf");
        let out = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("IDの管理をする人です。") || text.contains("ID の管理をする人です。"),
            "{text}"
        );
        assert!(text.contains("The end of line."), "{text}");
    }
}

/// A policy's table of contents names its articles 第N条（見出し）, and each
/// article has its number as an anchor beside its stable id: links to
/// `#consent` and to `#第10条` both arrive, and the link check knows both.
#[test]
fn articles_are_listed_and_reached_by_their_number() {
    let policy = html("matsubara/policy.html");
    let toc = &policy[policy.find("page-toc").unwrap()..policy.find("class=\"content\"").unwrap()];
    for want in [
        "<a href=\"#purpose\">第1条（目的）</a>",
        "<a href=\"#consent\">第10条（患者同意）</a>",
        "<a href=\"#other\">第17条（その他）</a>",
    ] {
        assert!(toc.contains(want), "{want} not in the contents:\n{toc}");
    }
    assert!(
        policy.contains("<h2 id=\"consent\"><span class=\"article-anchor\" id=\"第10条\"></span>")
    );

    let p = crate::common::Project::new();
    p.write(
        "content/demo/policy.md",
        "---\ntitle: 運用規約\nkind: policy\n---\n## （目的） {#purpose}\n\n第1条　この規約は、\n\n## （同意） {#consent}\n\n第2条　[第1条](#第1条)、[目的](intro.md#第1条)\n",
    );
    p.write(
        "content/demo/other.md",
        "---\ntitle: 他\n---\n[規約の第2条](policy.md#第2条)、[同意](policy.md#consent)、[第3条](policy.md#第3条)\n",
    );
    let diags = p.check();
    let broken: Vec<String> = diags
        .iter()
        .filter(|d| d.message.contains("broken anchor"))
        .map(|d| format!("{}: {}", d.file.display(), d.message))
        .collect();
    assert_eq!(
        broken,
        ["content/demo/other.md: リンク先に見出し「#第3条」がありません [broken anchor]"],
        "{diags:#?}"
    );
}
