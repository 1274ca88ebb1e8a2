//! Checks of one form: references (lists, contacts), field names unique as
//! the PDF will have them (derived names included), and values that would
//! lay out wrongly or silently lose something.

use std::collections::HashMap;

use super::{duplicates, err};
use crate::diag::{Diagnostic, Diagnostics, closest};
use crate::model::{Block, Form, Region, Site, field_names, valid_id};

pub fn check(site: &Site, region: &Region, form: &Form, diags: &Diagnostics) {
    let o = &form.origin;
    let list_ref = |path: String, id: &str| {
        if !id.is_empty() && !site.lists.contains_key(id) && !site.unloaded.lists.contains(id) {
            let ids: Vec<&str> = site.lists.keys().map(String::as_str).collect();
            let mut d = err(
                o,
                &path,
                format!("リスト「{id}」がありません [unknown list]"),
            );
            if let Some(c) = closest(id, ids.iter().copied()) {
                d = d.hint(format!("「{c}」の書き間違いではありませんか。"));
            }
            diags.push(d.hint(if ids.is_empty() {
                format!("content/lists/{id}.yaml を作ってください（content/lists/ にリストがまだありません）。")
            } else {
                format!("content/lists/ にあるリスト: {}", ids.join(", "))
            }));
        }
    };
    // Not written: a form the handbook names by title alone. Written
    // empty: a number forgotten.
    if form.number.trim().is_empty() && o.pos("number").is_some() {
        diags.push(
            err(o, "number", "様式の番号（number）が空です [empty number]")
                .hint("手引きで呼ぶとおりの番号を書いてください（例: number: 様式２）。番号のない様式なら、number の行を消してください。"),
        );
    }
    if form.pages == Some(0) {
        diags.push(
            err(o, "pages", "用紙の枚数（pages）が 0 です [pages]")
                .hint("原本の枚数を 1 以上で書いてください（例: pages: 1）。"),
        );
    }
    // Ids as written: they become PDF field names.
    let mut written: Vec<(String, String)> = Vec::new();
    for (i, block) in form.blocks.iter().enumerate() {
        let at = format!("blocks[{i}]");
        match block {
            Block::Label(text) => label_matches_number(form, text, &at, diags),
            Block::Field(f) => {
                written.push((f.id.clone(), format!("{at}.field.id")));
                width(o, f.width, &format!("{at}.field.width"), diags);
            }
            Block::Fields(fs) => {
                for (j, f) in fs.iter().enumerate() {
                    written.push((f.id.clone(), format!("{at}.fields[{j}].id")));
                    width(o, f.width, &format!("{at}.fields[{j}].width"), diags);
                }
                let total: f32 = fs.iter().filter_map(|f| f.width).sum();
                if total > 1.0 + 1e-4 {
                    diags.push(
                        err(o, &format!("{at}.fields"), format!("一行に並べた欄の幅（width）の合計が {total} です。1 を超えると行からはみ出します"))
                            .hint("各欄の width を、合計が 1 以下になるように小さくしてください（例: 0.5 と 0.5）。"),
                    );
                } else if total > 1.0 - 1e-3
                    && let Some(j) = fs.iter().position(|f| f.width.is_none())
                {
                    // A blank without a width takes what the others leave.
                    diags.push(
                        err(o, &format!("{at}.fields[{j}]"), format!("欄「{}」に width がなく、ほかの欄の幅の合計が {total} なので、この欄の幅が残りません", fs[j].label))
                            .hint("ほかの欄の width を小さくするか、この欄にも width を書いてください（合計が 1 以下になるように）。"),
                    );
                }
            }
            Block::Choice(c) => {
                if c.options.is_empty() && c.list.is_empty() {
                    diags.push(
                        err(o, &format!("{at}.choice"), format!("選択肢「{}」に options も list もありません", c.label))
                            .hint("options: [看護師, ケアマネジャー] のように選択肢を書くか、list: professions のように共有リストを指定してください。"),
                    );
                }
                if !c.options.is_empty() && !c.list.is_empty() {
                    diags.push(
                        err(o, &format!("{at}.choice.options"), format!("選択肢「{}」に options と list の両方があります（options は使われません）", c.label))
                            .hint("選択肢をここに書くなら list を、共有リストを使うなら options を消してください。"),
                    );
                }
                list_ref(format!("{at}.choice.list"), &c.list);
                written.push((c.id.clone(), format!("{at}.choice.id")));
            }
            Block::Table(t) => {
                if t.rows == 0 {
                    diags.push(
                        err(
                            o,
                            &format!("{at}.table.rows"),
                            "表の行の数（rows）が 0 です",
                        )
                        .hint("記入する行の数を 1 以上で書いてください（例: rows: 5）。"),
                    );
                }
                if t.columns.is_empty() {
                    diags.push(
                        err(
                            o,
                            &format!("{at}.table.columns"),
                            "表に列（columns）がありません",
                        )
                        .hint("columns: [{id: name, label: 氏名}] のように列を書いてください。"),
                    );
                }
                for (j, c) in t.columns.iter().enumerate() {
                    list_ref(format!("{at}.table.columns[{j}].list"), &c.list);
                    if c.width.is_some_and(|w| w <= 0.0 || w.is_nan()) {
                        diags.push(
                            err(
                                o,
                                &format!("{at}.table.columns[{j}].width"),
                                "列の幅（width）は 0 より大きい数で書きます",
                            )
                            .hint("ほかの列に対する比です（標準 1、例: 2 は二倍）。"),
                        );
                    }
                }
                duplicates(
                    o,
                    &format!("{at}.table.columns"),
                    t.columns.iter().map(|c| c.id.as_str()),
                    "id",
                    "列の id",
                    diags,
                );
                written.push((t.id.clone(), format!("{at}.table.id")));
            }
            Block::Signature(s) => written.push((s.id.clone(), format!("{at}.signature.id"))),
            Block::Signatures(ss) => {
                for (j, s) in ss.iter().enumerate() {
                    written.push((s.id.clone(), format!("{at}.signatures[{j}].id")));
                }
            }
            Block::Paragraph(_) => {
                for (name, _) in field_names::of(block) {
                    written.push((name, format!("{at}.paragraph")));
                }
            }
            Block::Notes(n) => written.push((n.id.clone(), format!("{at}.notes.id"))),
            Block::Date(d) => {
                written.push((field_names::date_base(d).to_string(), format!("{at}.date")))
            }
            Block::Space(n) if *n < 0.0 => diags.push(
                err(
                    o,
                    &format!("{at}.space"),
                    format!("縦の空き（space）が {n} です。0 以上の数で書きます"),
                )
                .hint("詰めたいときは space の部品を消してください。"),
            ),
            Block::Addressee(a) => {
                if !a.field.is_empty() {
                    written.push((a.field.clone(), format!("{at}.addressee.field")));
                }
                if !a.from.is_empty() && !["operator", "secretariat"].contains(&a.from.as_str()) {
                    diags.push(
                        err(
                            o,
                            &format!("{at}.addressee.from"),
                            format!("宛先の from「{}」は使えません", a.from),
                        )
                        .hint("operator（運営主体）か secretariat（事務局）を書いてください。"),
                    );
                }
            }
            Block::Recipient(r)
                if !r.contact.is_empty()
                    && r.contact != "secretariat"
                    && !region.contacts.iter().any(|c| c.id == r.contact) =>
            {
                let ids: Vec<&str> = region.contacts.iter().map(|c| c.id.as_str()).collect();
                diags.push(
                    err(
                        o,
                        &format!("{at}.recipient.contact"),
                        format!("問い合わせ先「{}」が region.yaml にありません", r.contact),
                    )
                    .hint(format!(
                        "secretariat か、contacts にある id（{}）を書いてください。",
                        ids.join(", ")
                    )),
                );
            }
            Block::ListTable(l) => list_ref(format!("{at}.list_table.list"), &l.list),
            _ => {}
        }
    }
    for (id, path) in &written {
        if !valid_id(id) && !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            diags.push(err(o, path, format!("項目の id「{id}」は使えません")).hint(
                "PDF の欄の名前になるので、半角英数字と「_」で付けてください（例: staff_name）。",
            ));
        }
    }
    unique_field_names(form, diags);
}

/// Every PDF field name once: a reader treats two fields of one name as
/// one, so what is typed in one appears in the other.
fn unique_field_names(form: &Form, diags: &Diagnostics) {
    let o = &form.origin;
    let mut seen: HashMap<String, String> = HashMap::new();
    for (i, block) in form.blocks.iter().enumerate() {
        for (name, path) in field_names::of(block) {
            let at = format!("blocks[{i}].{path}");
            match seen.get(&name) {
                Some(first) if *first == at => {}
                Some(first) => {
                    let line = o.pos(first).map(|p| p.line).unwrap_or(0);
                    diags.push(
                        err(o, &at, format!("PDF の欄の名前「{name}」が二つできます [duplicate field]"))
                            .hint(format!(
                                "{line} 行目の部品も同じ名前の欄を作ります（署名欄は <id>_name、表は <id>_<行>_<列>、日付は <id>_year のように名前を作ります）。どちらかの id を変えてください。"
                            )),
                    );
                }
                None => {
                    seen.insert(name, at);
                }
            }
        }
    }
}

/// A width is a share of the line: more than 0, at most 1.
fn width(o: &crate::model::Origin, w: Option<f32>, path: &str, diags: &Diagnostics) {
    if let Some(w) = w
        && !(w > 0.0 && w <= 1.0)
    {
        diags.push(
            err(o, path, format!("欄の幅（width）が {w} です。0 より大きく 1 以下で書きます"))
                .hint("行の中での割合です（例: 0.5 は半分）。行いっぱいにするなら width を消してください。"),
        );
    }
}

/// ＜様式２＞ printed at the top should say the form's own number.
fn label_matches_number(form: &Form, label: &str, at: &str, diags: &Diagnostics) {
    let norm = |s: &str| -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfkc()
            .filter(|c| {
                !matches!(
                    c,
                    '<' | '>' | '＜' | '＞' | '〈' | '〉' | '(' | ')' | ' ' | '　'
                )
            })
            .collect()
    };
    let (l, n) = (norm(label), norm(&form.number));
    if !n.is_empty() && !l.is_empty() && !l.contains(&n) {
        diags.push(
            Diagnostic::warning(&form.origin.file, form.origin.pos(&format!("{at}.label")), format!("様式番号の表示「{label}」が number「{}」と違います [label]", form.number))
                .hint("様式のページには number が、用紙の右上には label が出ます。同じ番号にそろえてください。"),
        );
    }
}
