//! docs/reference.md, written from the schemas (and so from the model's
//! doc comments) and from the shortcodes' own list: every key of every file
//! an author writes, with its type, whether it is required, its default and
//! what it does. A test fails when the committed file differs from this.

use std::fmt::Write as _;

use serde_json::Value;

use super::KINDS;
use crate::model::GENERATED_PAGES;
use crate::render::shortcodes::Shortcode;

/// The whole reference, in Japanese.
pub fn reference() -> String {
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str("\n## ファイルの一覧\n\n| ファイル | 置き場所 | スキーマ |\n|---|---|---|\n");
    for k in KINDS {
        let _ = writeln!(
            out,
            "| [{}](#{}) | `{}` | `schemas/{}` |",
            k.title,
            k.name,
            k.glob,
            k.file_name()
        );
    }
    for k in KINDS {
        let schema = k.schema();
        let _ = write!(out, "\n<a id=\"{}\"></a>\n\n## {}\n\n", k.name, k.title);
        let _ = writeln!(out, "置き場所: `{}`\n", k.glob);
        if let Some(d) = schema.get("description").and_then(Value::as_str) {
            let _ = writeln!(out, "{d}\n");
        }
        let defs = schema.get("definitions").cloned().unwrap_or(Value::Null);
        let w = Writer {
            kind: k.name,
            defs: &defs,
        };
        w.object(&mut out, &schema);
        if let Some(ex) = schema.get("examples").and_then(|e| e.get(0)) {
            let yaml = serde_yaml::to_string(ex).expect("YAML");
            let _ = write!(out, "\n例:\n\n```yaml\n{yaml}```\n");
        }
        // The types this file's keys refer to, in the order first met.
        for name in w.referenced(&schema) {
            let def = &defs[&name];
            let _ = write!(
                out,
                "\n<a id=\"{}\"></a>\n\n### {}\n\n",
                w.anchor(&name),
                title_of(def, &name)
            );
            if let Some(d) = def.get("description").and_then(Value::as_str) {
                let _ = writeln!(out, "{d}\n");
            }
            if let Some(variants) = def.get("oneOf").and_then(Value::as_array) {
                // A form's blocks are list items (`- title: …`).
                let dash = if name == "Block" { "- " } else { "" };
                w.variants(&mut out, variants, dash);
            } else {
                w.object(&mut out, def);
            }
        }
    }
    out.push_str(&pages_section());
    out
}

const HEADER: &str = "\
# tebiki リファレンス：書くファイルと項目のすべて

このページは `tebiki schema --reference docs/reference.md` がプログラムの中の定義から作ります。
手で直さないでください（直すときは src/model/ の説明を直して、作り直します）。

事務局の方が書くのは YAML（`項目: 値` の形）と Markdown（ページの本文）だけです。
項目名を間違えると `tebiki check` が、ファイル名・行・列と正しい書き方を日本語で示します。
VS Code に拡張機能「YAML」（Red Hat）を入れると、`schemas/` のスキーマで、
書いている途中に項目の候補と誤りの下線が出ます（.vscode/settings.json に設定済み）。

書き方の決まり:

- 「必須」の項目は必ず書きます。ほかは書かなければ「標準の値」になります。
- 文字列に `: `（コロンと空白）や ` #` が入るとき、また値が `{`、`[`、`{{`、`%`、`*`、`&`、`!`、`'`、`\"`、`@` で始まるときは、値全体を `\"…\"` で囲みます（例: `paragraph: \"{{ region.name }}は…\"`）。
- `#` から行の終わりまではコメントです。説明を書いておけます。
- id は半角英小文字・数字・`-`・`_` で付けます（例: `minato`, `consent-flow`）。
- 日付は `2021-03-01`、`2017/7/26`、`令和3年3月1日`、`R3.3.1` のどれでも書けます。日まで分からないときは `平成27年12月`（月まで）、`令和元年`（年まで）、`令和元年度`（年度）、日の欄が空いたままの文書は `平成29年　月　日` と書けます。和暦で書いた日付は、書いたとおりの元号と数字（全角・半角）で表示します。`令和0年` や `2月30日` のようなありえない日付はエラーになります。
";

struct Writer<'a> {
    kind: &'a str,
    defs: &'a Value,
}

impl Writer<'_> {
    fn anchor(&self, def: &str) -> String {
        format!("{}-{}", self.kind, def.to_lowercase())
    }

    /// The table of an object's keys.
    fn object(&self, out: &mut String, schema: &Value) {
        let keys = ordered_properties(schema);
        if keys.is_empty() {
            return;
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        out.push_str("| 項目 | 種類 | 必須 | 標準の値 | 説明 |\n|---|---|---|---|---|\n");
        for (k, p) in keys {
            let _ = writeln!(
                out,
                "| `{k}` | {} | {} | {} | {} |",
                self.type_of(p),
                if required.contains(&k.as_str()) {
                    "必須"
                } else {
                    ""
                },
                default_of(p),
                cell(p.get("description").and_then(Value::as_str).unwrap_or(""))
            );
        }
    }

    /// The kinds of a one-of type (a form's blocks, a password's rotation).
    fn variants(&self, out: &mut String, variants: &[Value], dash: &str) {
        let all_plain = variants.iter().all(|v| v.get("const").is_some());
        if all_plain {
            out.push_str("| 値 | 意味 |\n|---|---|\n");
        } else {
            out.push_str("| 書き方 | 中身 | 説明 |\n|---|---|---|\n");
        }
        for v in variants {
            let description = cell(v.get("description").and_then(Value::as_str).unwrap_or(""));
            if let Some(c) = v.get("const").and_then(Value::as_str) {
                if all_plain {
                    let _ = writeln!(out, "| `{c}` | {description} |");
                } else {
                    let _ = writeln!(out, "| `{dash}{c}` | （なし） | {description} |");
                }
                continue;
            }
            let Some((key, inner)) = v
                .get("properties")
                .and_then(Value::as_object)
                .and_then(|p| p.iter().next())
            else {
                continue;
            };
            let _ = writeln!(
                out,
                "| `{dash}{key}:` | {} | {description} |",
                self.type_of(inner)
            );
        }
        // Variants that hold keys of their own (`months: {every: 2}`).
        for v in variants {
            if let Some((key, inner)) = v
                .get("properties")
                .and_then(Value::as_object)
                .and_then(|p| p.iter().next())
                && inner.get("properties").is_some()
            {
                let _ = writeln!(out, "\n`{key}:` の中に書く項目:\n");
                self.object(out, inner);
            }
        }
    }

    /// The type of a value, in words, linking to the section of a named type.
    fn type_of(&self, p: &Value) -> String {
        if let Some(r) = reference_name(p) {
            return match r.as_str() {
                "Date" => "日付".into(),
                _ => format!("[{}](#{})", title_of(&self.defs[&r], &r), self.anchor(&r)),
            };
        }
        let types: Vec<&str> = match p.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let main = types.iter().find(|t| **t != "null").copied().unwrap_or("");
        match main {
            "string" => "文字列".into(),
            "integer" => match p.get("minimum").and_then(Value::as_f64) {
                Some(m) => format!("{m} 以上の整数"),
                None => "整数".into(),
            },
            "number" => "数".into(),
            "boolean" => "true か false".into(),
            "array" => format!(
                "{} のリスト",
                p.get("items").map(|i| self.type_of(i)).unwrap_or_default()
            ),
            "object" if p.get("properties").is_some() => "下の表の項目".into(),
            "object" => "「項目: 値」の組".into(),
            _ => String::new(),
        }
    }

    /// Named types reachable from `schema`, each once, depth first in the
    /// order the tables show their keys.
    fn referenced(&self, schema: &Value) -> Vec<String> {
        let mut order: Vec<String> = Vec::new();
        self.visit(schema, &mut order);
        order
    }

    fn visit(&self, schema: &Value, order: &mut Vec<String>) {
        let mut found = Vec::new();
        for (_, p) in ordered_properties(schema) {
            collect_refs(p, &mut found);
        }
        if let Some(variants) = schema.get("oneOf").and_then(Value::as_array) {
            variants.iter().for_each(|v| collect_refs(v, &mut found));
        }
        collect_refs(schema.get("items").unwrap_or(&Value::Null), &mut found);
        for r in found {
            if r != "Date" && !order.contains(&r) {
                order.push(r.clone());
                self.visit(&self.defs[&r], order);
            }
        }
    }
}

/// An object's keys as the table shows them: required first (in the order
/// the model declares them), then the rest by name.
fn ordered_properties(schema: &Value) -> Vec<(&String, &Value)> {
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut keys: Vec<(&String, &Value)> = props.iter().collect();
    keys.sort_by_key(|(k, _)| {
        (
            required.iter().position(|r| r == k).unwrap_or(usize::MAX),
            k.to_string(),
        )
    });
    keys
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                out.push(r.rsplit('/').next().unwrap_or(r).to_string());
            }
            for x in o.values() {
                collect_refs(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

/// `$ref` directly or through `allOf: [{$ref}]` / `anyOf: [{$ref}, null]`.
fn reference_name(p: &Value) -> Option<String> {
    if let Some(r) = p.get("$ref").and_then(Value::as_str) {
        return Some(r.rsplit('/').next().unwrap_or(r).to_string());
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(a) = p.get(key).and_then(Value::as_array)
            && let Some(r) = a.iter().find_map(|x| x.get("$ref")).and_then(Value::as_str)
            && a.len() <= 2
        {
            return Some(r.rsplit('/').next().unwrap_or(r).to_string());
        }
    }
    None
}

/// A type's title: the first phrase of its description, and its name.
fn title_of(def: &Value, name: &str) -> String {
    let d = def
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or(name);
    let first = d.split(['：', '。', '（']).next().unwrap_or(d).trim();
    format!("{first}（{name}）")
}

fn default_of(p: &Value) -> String {
    match p.get("default") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) if s.is_empty() => "（空）".into(),
        Some(Value::String(s)) => format!("`{s}`"),
        Some(Value::Array(a)) if a.is_empty() => "（なし）".into(),
        Some(Value::Object(_)) => "（なし）".into(),
        Some(v) => format!("`{v}`"),
    }
}

/// Text for a table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    s.replace('\n', " ").replace('|', "\\|")
}

/// What page bodies may write: shortcodes, values, links.
fn pages_section() -> String {
    let mut out = String::from(
        "\n<a id=\"writing-pages\"></a>\n\n## ページの本文の書き方\n\n\
ページは `content/<地域>/<名前>.md` です。先頭の設定（[front matter](#page)）の後に Markdown で本文を書きます。\n\
見出しは `## 第1条（目的）` のように書き、`## 第1条（目的） {#purpose}` と書くと `#purpose` でリンクできます。\n\
書かなければ見出しの文字から記号を除いたもの（`#第1条目的`）がアンカーです。\
条の見出しには `#第10条` でも、質疑応答集の問いの見出し（`## 問３　…`）には `#問3` でもリンクできます（数字は半角で書きます）。\n\n\
他のページへのリンクは `[第1条](policy.md#purpose)`（同じ地域）、`[おおさきの規則](../osaki/rules.md)`（他の地域）のように書きます。\
様式へは `[様式1](forms.md#form-consent)`（`form-` と様式の id）、地域のファイルへは `[参加施設一覧](files/参加施設一覧.pdf)` と書きます。\
リンク先は `tebiki check` が確かめます。\n\n\
### 改行と番号\n\n\
- 段落の中で改行しても、日本語の文は一つにつながります（Word の段落と同じです）。行を改めたいところでは、行の終わりに `\\` を書きます。段落を分けるには空行を入れます。\n\
- 箇条書きは `- 項目`、番号付きは `1. 項目` です。`- （１）参加事業所…`、`- ①…`、`- ア　…` のように項目に番号を自分で書くと、その番号だけが出ます（・や 1. は付きません）。\n\
- 規則の text に箇条書きや二つ以上の段落を書いたときは、`{{ rule(id=\"…\") }}` を行の頭（箇条書きなら `- ` のすぐ後）に書きます。文の途中に書くと `tebiki check` が知らせます。\n\n\
### 質疑応答集（kind: qa）\n\n\
先頭の設定に `kind: qa` と書いたページは質疑応答集です。問いを一つずつ `## 問1　…` の見出しにし、答えをその下に書きます。\
検索では問いと答えが一件ずつ出ます。答えから取った規則には、region.yaml で `source: qa.md#問1` と書くと、規則の一覧に問いへのリンクが付きます。\
`tebiki new page <地域>/qa --kind qa` でひな形を作れます。\n\n\
### 値を差し込む\n\n\
`{{ region.secretariat.tel }}` のように書くと、region.yaml の値がその場所に入ります（`region.` の後は region.yaml の項目名、例: `{{ region.network.scope }}`）。\
ほかに `{{ region.short }}`（短い名前）、`{{ region.handbook_title }}`、`{{ site.title }}`、`{{ page.title }}` が使えます。\
いくつも並ぶ値は `{{ region.area | join(sep=\"、\") }}` のように区切りを付けて出します。\
日付は `{{ \"2021-03-01\" | wareki }}` で和暦になります。\n\n\
### ショートコード\n\n\
一行に一つ書くと、地域のデータから表や一覧を作ります。\n\n\
| 書き方 | 引数 | 何を出すか |\n|---|---|---|\n",
    );
    for s in Shortcode::ALL {
        let args: Vec<String> = s.args().iter().map(|a| format!("`{a}`")).collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            s.example(),
            if args.is_empty() {
                "（なし）".into()
            } else {
                args.join("、")
            },
            s.description()
        );
    }
    let _ = write!(
        out,
        "\n### tebiki が作るページ\n\n次の名前は tebiki が地域ごとに作るページに使うので、ページのファイル名にできません: {}。\n",
        GENERATED_PAGES
            .iter()
            .map(|p| format!("`{p}.md`"))
            .collect::<Vec<_>>()
            .join("、")
    );
    out
}
