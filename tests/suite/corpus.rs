//! The bad-input corpus: broken projects, each made inside its test from the
//! minimal valid project, each with the one diagnostic a reader must see
//! (file, line, message; column where it matters).
//!
//! Every case also asserts that nothing panics, that the problem counts as
//! an error, and that `build` refuses it. Cases marked `[bin]` run the real
//! binary after a good build and assert exit status 1 with `output/` left
//! byte-for-byte as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Project, REGION};

const R: &str = "content/demo/region.yaml";
const PAGE: &str = "content/demo/intro.md";
const CONFIG: &str = "tebiki.yaml";
const FORM: &str = "forms/demo/apply.yaml";
const LIST: &str = "content/lists/jobs.yaml";

/// What the case must produce.
enum Expect {
    /// An error in `file` on `line` (0: about the whole file, no position),
    /// at `col` (0: any column), whose message contains `needle`.
    Error {
        file: &'static str,
        line: usize,
        col: usize,
        needle: &'static str,
        /// A hint must say what to write instead and contain this text
        /// (`None`: the error may come without a hint).
        hint: Option<&'static str>,
    },
    /// No diagnostics at all, and a build that succeeds.
    Accepted,
}

fn err(file: &'static str, line: usize, needle: &'static str) -> Expect {
    err_at(file, line, 0, needle)
}

fn err_at(file: &'static str, line: usize, col: usize, needle: &'static str) -> Expect {
    Expect::Error {
        file,
        line,
        col,
        needle,
        hint: Some(""),
    }
}

impl Expect {
    /// The hint must contain `text`.
    fn hint(mut self, text: &'static str) -> Expect {
        if let Expect::Error { hint, .. } = &mut self {
            *hint = Some(text);
        }
        self
    }
}

/// One `#[test]` per row: `name [bin]?: expectation => setup;`.
macro_rules! corpus {
    ($( $name:ident $([$bin:ident])? : $expect:expr => $setup:expr ; )*) => {
        $(
            #[test]
            fn $name() {
                let binary = false $(|| { let _ = stringify!($bin); true })?;
                run(stringify!($name), $expect, $setup, binary);
            }
        )*

        const CASES: &[&str] = &[$(stringify!($name)),*];
    };
}

// ---------------------------------------------------------------------------
// Helpers that make a project broken in one way.

/// The minimal region with `extra` appended (its first line is line 20).
fn region_plus(p: &Project, extra: &str) {
    p.write(R, &(REGION.to_string() + extra));
}

fn region_replace(p: &Project, from: &str, to: &str) {
    assert!(REGION.contains(from), "{from:?} is not in REGION");
    p.write(R, &REGION.replacen(from, to, 1));
}

/// The page `intro.md` with a good front matter; `body` starts on line 4.
fn page(p: &Project, body: &str) {
    p.write(PAGE, &format!("---\ntitle: はじめに\n---\n{body}"));
}

/// `forms/demo/apply.yaml` with a good header; the first block is on line 6.
fn form(p: &Project, blocks: &str) {
    p.write(
        FORM,
        &format!("number: 様式1\ntitle: 申込書\npurpose: 申し込むための様式です。\nkind: application\nblocks:\n{blocks}"),
    );
}

/// `content/lists/jobs.yaml` with a title; the first entry is on line 3.
fn list(p: &Project, entries: &str) {
    p.write(LIST, &format!("title: 職種\nentries:\n{entries}"));
}

fn write_bytes(p: &Project, rel: &str, bytes: &[u8]) {
    let path = p.root().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn symlink(p: &Project, target: impl AsRef<Path>, link: &str) {
    let link = p.root().join(link);
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// The text in Shift_JIS, as Windows Notepad of old saved it.
fn shift_jis(text: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(text).0.into_owned()
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

// ---------------------------------------------------------------------------
// The corpus.

corpus! {
    // YAML syntax.
    unclosed_quote [bin]: err_at(R, 13, 8, "「\"」で始めた値が閉じられていません").hint("もう一つ「\"」を")
        => |p| region_replace(p, "tel: 0594-72-6050", "tel: \"0594-72-6050");
    bad_indentation: err_at(R, 7, 8, "YAML の書き方").hint("字下げが前の行とそろっていません")
        => |p| region_replace(p, "  kind: 医師会", "   kind: 医師会");
    unclosed_flow_sequence: err_at(R, 4, 9, "3 行目 7 文字目の「[」が閉じられていません").hint("「]」を")
        => |p| region_replace(p, "area:\n  - デモ市", "area: [デモ市, 東員町");
    unclosed_flow_mapping: err_at(R, 6, 9, "5 行目 11 文字目の「{」が閉じられていません").hint("「}」を")
        => |p| region_replace(p, "operator:\n  name: デモ市医師会\n  kind: 医師会", "operator: {name: デモ市医師会, kind: 医師会");
    colon_in_plain_value [bin]: err_at(R, 12, 11, "YAML の書き方").hint("値全体を \"…\" で囲んで")
        => |p| region_replace(p, "  name: デモ市在宅", "  name: 受付: デモ市在宅");
    duplicate_key: err_at(R, 14, 3, "`tel` が二度書かれています").hint("13 行目にも")
        => |p| region_replace(p, "  tel: 0594-72-6050", "  tel: 0594-72-6050\n  tel: 0594-72-6051");
    duplicate_key_in_front_matter: err_at(PAGE, 3, 1, "`title` が二度書かれています")
        => |p| p.write(PAGE, "---\ntitle: はじめに\ntitle: 二つ目\n---\n本文\n");
    tab_indentation [bin]: err_at(R, 13, 1, "YAML の書き方").hint("タブ文字は使えません")
        => |p| region_replace(p, "  tel: 0594", "\ttel: 0594");
    tab_indentation_in_front_matter: err_at(PAGE, 3, 1, "YAML の書き方").hint("タブ文字は使えません")
        => |p| p.write(PAGE, "---\ntitle: はじめに\n\torder: 1\n---\n本文\n");

    // Encodings and line ends: a BOM and CRLF are what Windows editors
    // write, and must be read as if they were not there.
    bom_is_accepted: Expect::Accepted => |p| {
        write_bytes(p, R, &[b"\xEF\xBB\xBF", REGION.as_bytes()].concat());
        write_bytes(p, PAGE, &[b"\xEF\xBB\xBF", crate::common::PAGE.as_bytes()].concat());
        write_bytes(p, CONFIG, "\u{feff}title: テスト\n".as_bytes());
    };
    crlf_is_accepted: Expect::Accepted => |p| {
        p.write(R, &crlf(REGION));
        p.write(PAGE, &crlf(crate::common::PAGE));
        p.write(CONFIG, "title: テスト\r\n");
        p.write(LIST, &crlf("title: 職種\nentries:\n  - {id: nurse, label: 看護師}\n"));
    };
    bom_and_crlf_together_are_accepted: Expect::Accepted => |p| {
        p.write(R, &format!("\u{feff}{}", crlf(REGION)));
        p.write(PAGE, &format!("\u{feff}{}", crlf(crate::common::PAGE)));
    };
    shift_jis_region [bin]: err_at(R, 2, 7, "UTF-8 ではありません")
        => |p| write_bytes(p, R, &shift_jis(REGION));
    shift_jis_page: err_at(PAGE, 2, 8, "UTF-8 ではありません")
        => |p| write_bytes(p, PAGE, &shift_jis(crate::common::PAGE));

    // Wrong types.
    string_for_a_number: err(PAGE, 3, "値の種類が違います")
        => |p| p.write(PAGE, "---\ntitle: はじめに\norder: 最初\n---\n本文\n");
    list_for_a_string: err(R, 2, "値の種類が違います")
        => |p| region_replace(p, "name: デモ地域ネット", "name: [デモ, 地域]");
    map_for_a_list: err(R, 3, "値の種類が違います")
        => |p| region_replace(p, "area:\n  - デモ市", "area: {city: デモ市}");
    string_for_a_bool: err(PAGE, 3, "値の種類が違います")
        => |p| p.write(PAGE, "---\ntitle: はじめに\ndraft: はい\n---\n本文\n");
    string_for_table_rows: err(FORM, 6, "値の種類が違います")
        => |p| form(p, "  - table: {id: staff, rows: 三, columns: [{id: name, label: 氏名}]}\n");
    unknown_enum_value: err(FORM, 4, "`apply` はここに書ける値ではありません")
        => |p| p.write(FORM, "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: apply\nblocks:\n  - title: 申込書\n");

    // Unknown keys, at every depth.
    unknown_key_in_config [bin]: err_at(CONFIG, 2, 1, "知らない項目名 `them`")
        => |p| p.write(CONFIG, "title: テスト\nthem: default\n");
    unknown_key_in_region: err_at(R, 20, 1, "知らない項目名 `secretary`")
        => |p| region_plus(p, "secretary: 事務局\n");
    unknown_key_in_secretariat: err_at(R, 13, 3, "知らない項目名 `telephone`")
        => |p| region_replace(p, "  tel: 0594", "  telephone: 0594");
    unknown_key_in_a_rule: err_at(R, 20, 5, "知らない項目名 `note`")
        => |p| region_plus(p, "    note: 補足\n");
    unknown_key_in_a_form_block: err(FORM, 6, "知らない項目名 `widht`")
        => |p| form(p, "  - field: {id: name, label: 氏名, widht: 0.5}\n");
    unknown_key_in_front_matter: err_at(PAGE, 3, 1, "知らない項目名 `tags`")
        => |p| p.write(PAGE, "---\ntitle: はじめに\ntags: [案内]\n---\n本文\n");
    unknown_key_in_a_list: err(LIST, 4, "知らない項目名 `lable`")
        => |p| list(p, "  - id: nurse\n    lable: 看護師\n");

    // Missing required keys.
    missing_region_name: err(R, 1, "必要な項目 `name`")
        => |p| region_replace(p, "name: デモ地域ネット\n", "");
    missing_operator: err(R, 1, "必要な項目 `operator`")
        => |p| region_replace(p, "operator:\n  name: デモ市医師会\n  kind: 医師会\n", "");
    missing_rule_text: err(R, 15, "必要な項目 `text`")
        => |p| region_replace(p, "    text: パスワードは８文字以上とします。\n", "");
    missing_form_title: err(FORM, 1, "必要な項目 `title`")
        => |p| p.write(FORM, "number: 様式1\npurpose: 申し込む。\nkind: application\nblocks:\n  - ki\n");
    missing_page_title [bin]: err(PAGE, 2, "必要な項目 `title`")
        => |p| p.write(PAGE, "---\norder: 1\n---\n本文\n");

    // Duplicate ids.
    duplicate_rule_id: err(R, 20, "規則の id「password-length」が重複")
        => |p| region_plus(p, "  - id: password-length\n    topic: password\n    text: 二つ目。\n");
    duplicate_contact_id: err(R, 22, "問い合わせ先の id「vendor」が重複")
        => |p| region_plus(p, "contacts:\n  - {id: vendor, name: 窓口}\n  - {id: vendor, name: 別の窓口}\n");
    duplicate_list_entry_id: err(LIST, 4, "項目の id「nurse」が重複")
        => |p| list(p, "  - {id: nurse, label: 看護師}\n  - {id: nurse, label: 准看護師}\n");
    duplicate_list_entry_label: err(LIST, 4, "項目「看護師」が重複")
        => |p| list(p, "  - {id: nurse, label: 看護師}\n  - {id: nurse2, label: 看護師}\n");
    duplicate_list_entry: err(LIST, 5, "項目の id「doctor」が重複")
        => |p| list(p, "  - {id: doctor, label: 医師}\n  - {id: nurse, label: 看護師}\n  - {id: doctor, label: 医師}\n");
    duplicate_form_field_id: err(FORM, 7, "PDF の欄の名前「name」が二つできます")
        => |p| form(p, "  - field: {id: name, label: 氏名}\n  - field: {id: name, label: 名前}\n");
    derived_field_name_clash: err(FORM, 7, "PDF の欄の名前「patient_name」が二つできます")
        => |p| form(p, "  - field: {id: patient_name, label: 氏名}\n  - signature: {id: patient, title: 本人, lines: [name]}\n");
    choice_with_options_and_list: err(FORM, 6, "options と list の両方があります")
        => |p| form(p, "  - choice: {id: job, label: 職種, options: [医師], list: professions}\n");
    field_width_over_one: err(FORM, 6, "欄の幅（width）が 1.5 です")
        => |p| form(p, "  - field: {id: name, label: 氏名, width: 1.5}\n");
    fields_widths_over_one: err(FORM, 6, "幅（width）の合計が")
        => |p| form(p, "  - fields: [{id: a, label: 甲, width: 0.6}, {id: b, label: 乙, width: 0.6}]\n");
    field_without_room_left: err(FORM, 6, "欄「乙」に width がなく")
        => |p| form(p, "  - fields: [{id: a, label: 甲, width: 1}, {id: b, label: 乙}]\n");
    table_without_rows: err(FORM, 6, "表の行の数（rows）が 0 です")
        => |p| form(p, "  - table: {id: t, rows: 0, columns: [{id: a, label: 甲}]}\n");
    table_without_columns: err(FORM, 6, "表に列（columns）がありません")
        => |p| form(p, "  - table: {id: t, rows: 2, columns: []}\n");
    negative_space: err(FORM, 6, "縦の空き（space）が -1 です")
        => |p| form(p, "  - space: -1\n");
    empty_form_number: err(FORM, 1, "様式の番号（number）が空です")
        => |p| p.write(FORM, "number: \"\"\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - field: {id: name, label: 氏名}\n");
    impossible_phone_number: err(R, 13, "電話番号の形ではありません")
        => |p| region_replace(p, "tel: 0594-72-6050", "tel: 0594-72-605");
    impossible_email: err(R, 14, "メールアドレスの形ではありません")
        => |p| region_replace(p, "tel: 0594-72-6050", "tel: 0594-72-6050\n  email: office.example.jp");
    link_to_a_missing_pdf: err(PAGE, 4, "リンク先のファイル「forms/nothing.pdf」はサイトにありません")
        => |p| page(p, "[様式](forms/nothing.pdf)\n");
    repeated_heading_id: err(PAGE, 6, "見出しの id「purpose」が二度使われています")
        => |p| page(p, "## 目的 {#purpose}\n\n## 目的の補足 {#purpose}\n");
    base_url_not_a_url: err(CONFIG, 2, "ウェブのアドレスの形ではありません")
        => |p| p.write(CONFIG, "title: テスト\nbase_url: tebiki.jp\n");
    duplicate_flow_actor: err(R, 23, "登場する人・機関の id「family」が重複")
        => |p| region_plus(p, "flows:\n  - id: f\n    title: 流れ\n    actors: [{id: family, label: 家族}, {id: family, label: 本人}]\n    steps: [{from: family, to: family, label: 相談}]\n");

    // References that do not resolve.
    unknown_rule_topic: err(R, 16, "分類（topic）「pasword」はありません")
        => |p| region_replace(p, "topic: password", "topic: pasword");
    unknown_list_in_a_choice: err(FORM, 6, "リスト「profesions」がありません")
        => |p| form(p, "  - choice: {id: job, label: 職種, list: profesions, style: combo}\n");
    unknown_list_in_a_table_column: err(FORM, 8, "リスト「jobz」がありません")
        => |p| form(p, "  - table:\n      id: staff\n      columns: [{id: job, label: 職種, list: jobz}]\n      rows: 3\n");
    unknown_list_in_a_form_list_table: err(FORM, 6, "リスト「jobz」がありません").hint("content/lists/jobz.yaml を作って")
        => |p| form(p, "  - list_table: {list: jobz}\n");
    unknown_form_in_form_link [bin]: err(PAGE, 5, "様式「consnet」がありません")
        => |p| page(p, "\n様式は {{ form_link(form=\"consnet\") }} です。\n");
    unknown_list_in_list_table: err(PAGE, 4, "リスト「jobz」がありません")
        => |p| page(p, "{{ list_table(list=\"jobz\") }}\n");
    unknown_contact: err(PAGE, 6, "問い合わせ先「vendr」がありません")
        => |p| page(p, "本文\n\n{{ contact(id=\"vendr\") }}\n");
    unknown_rule: err(PAGE, 4, "規則「pasword-length」がありません")
        => |p| page(p, "- {{ rule(id=\"pasword-length\") }}\n");
    unknown_flow: err(PAGE, 4, "「consent」がありません")
        => |p| page(p, "{{ flow(id=\"consent\") }}\n");
    unknown_revision_page: err(R, 23, "ページ「rules-old」がありません")
        => |p| region_plus(p, "revisions:\n  - date: 2021-03-01\n    kind: enacted\n    page: rules-old\n");
    unknown_form_in_region_order: err(R, 20, "様式「consent」がありません").hint("この id を消して")
        => |p| region_plus(p, "forms: [consent]\n");
    forms_folder_without_region: err("forms/demo2", 0, "地域「demo2」がありません")
        => |p| form_in(p, "forms/demo2/apply.yaml");

    // Dates.
    reiwa_zero: err(R, 21, "令和0年")
        => |p| region_plus(p, "revisions:\n  - date: 令和0年4月1日\n    kind: enacted\n");
    february_30: err(R, 21, "2月に30日はありません")
        => |p| region_plus(p, "revisions:\n  - date: 令和3年2月30日\n    kind: enacted\n");
    heisei_32 [bin]: err(R, 21, "令和2年")
        => |p| region_plus(p, "revisions:\n  - date: 平成32年1月1日\n    kind: enacted\n");
    not_a_date: err(R, 21, "「きのう」を日付として読めません")
        => |p| region_plus(p, "revisions:\n  - date: きのう\n    kind: enacted\n");
    month_13_in_front_matter: err_at(PAGE, 3, 10, "13月という月はありません")
        => |p| p.write(PAGE, "---\ntitle: はじめに\nupdated: 令和3年13月1日\n---\n本文\n");

    // Empty and half-written files.
    empty_region: err(R, 1, "ファイルが空です")
        => |p| p.write(R, "");
    empty_page: err(PAGE, 1, "front matter")
        => |p| p.write(PAGE, "");
    empty_list: err(LIST, 1, "ファイルが空です")
        => |p| p.write(LIST, "\n\n");
    page_without_front_matter: err(PAGE, 1, "front matter")
        => |p| p.write(PAGE, "# はじめに\n\n本文\n");
    front_matter_never_closes [bin]: err(PAGE, 1, "終わりの --- がありません")
        => |p| p.write(PAGE, "---\ntitle: はじめに\n\n本文\n");

    // Files that must not be read.
    fifty_megabytes [bin]: err(PAGE, 0, "ファイルが大きすぎます")
        => |p| {
            let f = std::fs::File::create(p.root().join(PAGE)).unwrap();
            f.set_len(50 * 1024 * 1024).unwrap();
        };
    symlink_loop_in_content: err("content/loop", 0, "シンボリックリンク")
        => |p| symlink(p, ".", "content/loop");
    symlink_loop_as_a_page: err("content/demo/a.md", 0, "シンボリックリンク")
        => |p| {
            symlink(p, "b.md", "content/demo/a.md");
            symlink(p, "a.md", "content/demo/b.md");
        };
    symlinked_page_outside: err("content/demo/passwd.md", 0, "シンボリックリンク")
        => |p| symlink(p, "/etc/passwd", "content/demo/passwd.md");
    symlinked_region_file_outside: err(R, 0, "シンボリックリンク")
        => |p| {
            std::fs::remove_file(p.root().join(R)).unwrap();
            symlink(p, "/etc/passwd", R);
        };
    symlinked_topics_file: err("content/topics.yaml", 0, "シンボリックリンク")
        => |p| {
            std::fs::rename(p.root().join("content/topics.yaml"), p.root().join("topics.yaml")).unwrap();
            symlink(p, "../topics.yaml", "content/topics.yaml");
        };

    // Links.
    link_outside_the_project: err(PAGE, 5, "外を指すリンク")
        => |p| page(p, "本文\n[外](../../../etc/passwd)\n");
    javascript_link [bin]: err(PAGE, 4, "`javascript:` は使えません")
        => |p| page(p, "[危険](javascript:alert(1))\n");

    // Templates and expressions.
    template_syntax_error [bin]: err_at("themes/default/templates/page.html", 3, 7, "テンプレートの書き方に誤りがあります")
        => |p| p.write("themes/default/templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n");
    broken_expression_in_a_page: err(PAGE, 6, "テンプレートの書き方に誤りがあります")
        => |p| page(p, "本文\n\n{{ region.name | }}\n");
    // Tera reports the end of the text; tebiki points at the `{{` that opens.
    unclosed_expression_in_a_page: err_at(PAGE, 5, 1, "テンプレートの書き方に誤りがあります")
        => |p| page(p, "本文\n{{ region.name\n");

    // A field the layout leaves out cannot become a PDF field.
    field_without_layout_position [bin]: err_at(FORM, 6, 17, "「remarks」（備考）の位置がレイアウトにありません")
        => |p| {
            let typ = "themes/default/typst/form.typ";
            let text = p.read(typ);
            let skip = text.replace("else if t == \"notes\" { block-notes(b, f) }", "else if t == \"notes\" { }");
            assert_ne!(text, skip, "form.typ no longer has the notes branch");
            p.write(typ, &skip);
            form(p, "  - notes: {id: remarks, label: 備考, lines: 3}\n");
        };

    // More shapes a file can take.
    empty_front_matter: err(PAGE, 1, "front matter（--- で囲んだ設定）が空です")
        => |p| p.write(PAGE, "---\n---\n本文\n");
    list_at_the_top_of_region: err(R, 1, "リスト が書かれています")
        => |p| p.write(R, "- id: demo\n- name: デモ\n");
    second_document_in_region: err_at(R, 20, 1, "二つ目の文書があります")
        => |p| region_plus(p, "---\nid: other\n");
    unknown_block_type: err_at(FORM, 6, 5, "`titel` はここに書ける値ではありません")
        => |p| form(p, "  - titel: 申込書\n");
    empty_required_value [bin]: err_at(R, 2, 1, "`name` の値が書かれていません")
        => |p| region_replace(p, "name: デモ地域ネット", "name:");
    empty_page_title: err_at(PAGE, 2, 1, "`title` の値が書かれていません")
        => |p| p.write(PAGE, "---\ntitle:\n---\n本文\n");
    empty_values_in_a_form_block: err_at(FORM, 6, 23, "`label` の値が書かれていません")
        => |p| form(p, "  - field: {id: name, label: , width: 0.5}\n");
    number_too_large: err_at(PAGE, 3, 8, "数 `99999999999999999999999` が書かれています")
        => |p| p.write(PAGE, "---\ntitle: はじめに\norder: 99999999999999999999999\n---\n本文\n");
    missing_config: err(CONFIG, 0, "tebiki.yaml が必要です")
        => |p| std::fs::remove_file(p.root().join(CONFIG)).unwrap();
    utf16_page: err_at(PAGE, 1, 1, "UTF-8 ではありません").hint("UTF-16")
        => |p| {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(crate::common::PAGE.encode_utf16().flat_map(u16::to_le_bytes));
            write_bytes(p, PAGE, &bytes);
        };
    nul_byte_in_region: err_at(R, 2, 9, "制御文字（U+0000）")
        => |p| region_replace(p, "name: デモ地域ネット", "name: デモ\u{0}地域ネット");
    unknown_alias: err_at(R, 2, 7, "YAML の書き方").hint("別名（alias）")
        => |p| region_replace(p, "name: デモ地域ネット", "name: *nothing");
    wrong_type_deep: err_at(R, 20, 34, "整数 (u32) を書くところに 文字列 \"二\"")
        => |p| region_plus(p, "      rotation: {months: {every: 二}}\n");
    date_in_flow_revision: err_at(R, 21, 40, "2021年4月に31日はありません")
        => |p| region_plus(p, "revisions:\n  - {kind: enacted, summary: 施行, date: 令和3年4月31日}\n");
    missing_flow_actor: err_at(R, 24, 32, "図の登場者「office」がありません")
        => |p| region_plus(p, "flows:\n  - id: f\n    title: 流れ\n    actors: [{id: family, label: 家族}]\n    steps: [{from: family, to: office, label: 相談}]\n");
    duplicate_key_in_a_rule: err_at(R, 20, 5, "`text` が二度書かれています")
        => |p| region_plus(p, "    text: 二つ目の文。\n");

    // Names.
    reserved_page_slug [bin]: err("content/demo/index.md", 0, "tebiki が作るページと重なります")
        => |p| p.write("content/demo/index.md", "---\ntitle: 目次\n---\n本文\n");
    region_id_differs_from_folder: err_at(R, 1, 5, "フォルダ名「demo」と違います")
        => |p| region_replace(p, "id: demo", "id: dem");
    upper_case_region_folder: err("content/Demo2", 0, "地域のフォルダ名「Demo2」は使えません")
        => |p| p.write("content/Demo2/region.yaml", &REGION.replace("id: demo", "id: Demo2"));
    region_named_like_a_site_folder: err("content/search", 0, "地域のフォルダ名「search」は使えません（サイトの検索の索引が入るフォルダと同じ名前です）")
        => |p| p.write("content/search/region.yaml", &REGION.replace("id: demo", "id: search"));
    japanese_page_file_name: err("content/demo/はじめに.md", 0, "ページのファイル名「はじめに」は使えません")
        => |p| p.write("content/demo/はじめに.md", crate::common::PAGE);
    upper_case_list_file_name: err("content/lists/Jobs.yaml", 0, "リストのファイル名「Jobs」は使えません")
        => |p| p.write("content/lists/Jobs.yaml", "title: 職種\nentries: []\n");
    japanese_form_file_name: err("forms/demo/申込書.yaml", 0, "様式のファイル名「申込書」は使えません")
        => |p| form_in(p, "forms/demo/申込書.yaml");
    japanese_field_id: err(FORM, 6, "項目の id「氏名」は使えません")
        => |p| form(p, "  - field: {id: 氏名, label: 氏名}\n");
}

/// A valid one-block form at `rel`.
fn form_in(p: &Project, rel: &str) {
    p.write(rel, "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - title: 申込書\n");
}

#[test]
fn the_corpus_has_at_least_fifty_cases() {
    assert!(CASES.len() >= 50, "{} cases", CASES.len());
}

// ---------------------------------------------------------------------------
// Running one case.

fn run(name: &str, expect: Expect, setup: impl Fn(&Project), binary: bool) {
    let p = Project::new();
    let before = binary.then(|| {
        let out = tebiki_build(p.root());
        assert!(
            out.status.success(),
            "{name}: the good build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let snap = snapshot(&p.root().join("output"));
        assert!(!snap.is_empty(), "{name}: the good build wrote nothing");
        snap
    });
    setup(&p);

    let diags = tebiki::commands::check(p.root());
    // Rendering quotes the lines: it must not panic on any of them either.
    let shown = diags.render(p.root());
    let sorted = diags.sorted();
    match expect {
        Expect::Accepted => {
            assert!(
                sorted.is_empty(),
                "{name}: expected no diagnostics:\n{shown}"
            );
            let (d, built) = p.build();
            assert!(built && d.is_empty(), "{name}: the build failed:\n{d:#?}");
            let html = std::fs::read_to_string(p.root().join("output/demo/intro.html")).unwrap();
            assert!(
                html.contains("はじめに") && html.contains("0594-72-6050"),
                "{name}: the page lost its title or values:\n{html}"
            );
        }
        Expect::Error {
            file,
            line,
            col,
            needle,
            hint,
        } => {
            assert!(diags.has_errors(), "{name}: no error:\n{shown}");
            let want = |d: &tebiki::diag::Diagnostic| {
                d.severity == tebiki::diag::Severity::Error
                    && d.file == Path::new(file)
                    && match d.pos {
                        None => line == 0,
                        Some(p) => p.line == line && (col == 0 || p.column == col),
                    }
                    && d.message.contains(needle)
                    && hint.is_none_or(|h| d.hints.iter().any(|x| x.contains(h)))
            };
            assert!(
                sorted.iter().any(want),
                "{name}: expected an error at {file}:{line}:{col} containing {needle:?}, got:\n{shown}"
            );
            let (d, built) = p.build();
            assert!(!built, "{name}: the build succeeded");
            assert!(
                d.iter().any(want),
                "{name}: build did not report it:\n{d:#?}"
            );
        }
    }

    if let Some(before) = before {
        let out = tebiki_build(p.root());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: exit status\n{stderr}");
        assert!(stderr.contains("エラー"), "{name}: {stderr}");
        let after = snapshot(&p.root().join("output"));
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{name}: output/ has other files after a failed build"
        );
        for (f, bytes) in &before {
            assert!(
                after[f] == *bytes,
                "{name}: output/{} changed after a failed build",
                f.display()
            );
        }
    }
}

fn tebiki_build(root: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    crate::common::files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}
