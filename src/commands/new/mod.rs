//! `tebiki new`: starter files an author edits — a whole region, a form of
//! a given kind, a page. The starters (`starter/`) are written for this
//! project and name no real region; every text to replace holds 〇〇, which
//! `tebiki check` points out one by one. Nothing that exists is overwritten.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{GENERATED_PAGES, valid_id};

const REGION: &str = include_str!("starter/region.yaml");
const CONFIG: &str = include_str!("starter/tebiki.yaml");
include!(concat!(env!("OUT_DIR"), "/project_files.rs"));
const HANDBOOK: &str = include_str!("starter/handbook.md");
const POLICY: &str = include_str!("starter/policy.md");
const PAGE: &str = include_str!("starter/page.md");
const PAGE_BODY: &str = include_str!("starter/page-body.md");
const QA_BODY: &str = include_str!("starter/qa-body.md");

/// The kinds of form a starter exists for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormStarter {
    /// 個人情報使用同意書
    Consent,
    /// 誓約書
    Pledge,
    /// 利用申込書
    Application,
    /// 退会届
    Withdrawal,
    /// 承認（不承認）連絡書
    Notice,
    /// 管理台帳
    Ledger,
}

impl FormStarter {
    /// The four most regions have, written by `tebiki new region`.
    const FOR_A_REGION: [FormStarter; 4] = [
        FormStarter::Consent,
        FormStarter::Pledge,
        FormStarter::Application,
        FormStarter::Withdrawal,
    ];

    fn id(self) -> &'static str {
        match self {
            FormStarter::Consent => "consent",
            FormStarter::Pledge => "pledge",
            FormStarter::Application => "application",
            FormStarter::Withdrawal => "withdrawal",
            FormStarter::Notice => "notice",
            FormStarter::Ledger => "ledger",
        }
    }

    fn text(self) -> &'static str {
        match self {
            FormStarter::Consent => include_str!("starter/forms/consent.yaml"),
            FormStarter::Pledge => include_str!("starter/forms/pledge.yaml"),
            FormStarter::Application => include_str!("starter/forms/application.yaml"),
            FormStarter::Withdrawal => include_str!("starter/forms/withdrawal.yaml"),
            FormStarter::Notice => include_str!("starter/forms/notice.yaml"),
            FormStarter::Ledger => include_str!("starter/forms/ledger.yaml"),
        }
    }
}

/// The kinds of page (as the front matter's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PageStarter {
    /// 手引き
    Handbook,
    /// 運用ポリシー・ルール
    Policy,
    /// 留意事項・お知らせ
    Guide,
    /// 質疑応答集（問と答）
    Qa,
}

/// Files to write, checked before any is written so that a refusal leaves
/// the project as it was.
struct Plan {
    root: PathBuf,
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl Plan {
    fn new(root: &Path) -> Plan {
        Plan {
            root: root.to_path_buf(),
            files: Vec::new(),
        }
    }

    fn add(&mut self, rel: impl Into<PathBuf>, text: impl Into<Vec<u8>>) {
        self.files.push((rel.into(), text.into()));
    }

    /// Writes every file, or none if one exists already.
    fn write(self, diags: &Diagnostics) -> Vec<PathBuf> {
        let existing: Vec<&PathBuf> = self
            .files
            .iter()
            .map(|(rel, _)| rel)
            .filter(|rel| self.root.join(rel).exists())
            .collect();
        if !existing.is_empty() {
            for rel in existing {
                diags.push(
                    Diagnostic::error(rel, None, "このファイルはもうあります。上書きはしません")
                        .hint("別の名前を指定するか、今のファイルを直接直してください。"),
                );
            }
            return Vec::new();
        }
        let mut written = Vec::new();
        for (rel, text) in self.files {
            let path = self.root.join(&rel);
            let result = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, text));
            match result {
                Ok(()) => written.push(rel),
                Err(e) => diags.push(Diagnostic::error(
                    &rel,
                    None,
                    format!("書き出せません: {e}"),
                )),
            }
        }
        written
    }
}

/// A new project in `dir` (made if need be): tebiki.yaml, the shared
/// topics, lists and synonyms every network uses, the default theme, and
/// the schemas with VS Code pointed at them. Nothing is written if the
/// folder holds a project already.
pub fn project(dir: &Path, title: Option<&str>) -> (Diagnostics, Vec<PathBuf>) {
    let diags = Diagnostics::new();
    let title = title.unwrap_or("〇〇地域医療・介護連携ネットワーク 利用の手引き");
    if dir.join(crate::model::CONFIG_FILE).exists() {
        diags.push(
            Diagnostic::error(dir.join(crate::model::CONFIG_FILE), None, "このフォルダにはもうプロジェクトがあります")
                .hint("新しい地域を加えるなら、そのフォルダで tebiki new region <id> を使います。新しいプロジェクトは別のフォルダに作ってください。"),
        );
        return (diags, Vec::new());
    }
    let mut plan = Plan::new(dir);
    plan.add(
        crate::model::CONFIG_FILE,
        CONFIG.replace("%TITLE%", &quoted(title)),
    );
    for (rel, bytes) in PROJECT_FILES {
        plan.add(*rel, *bytes);
    }
    let mut written = plan.write(&diags);
    if !written.is_empty() {
        let (d, schemas) = super::schema::schema(dir, None, None);
        diags.extend(d.sorted());
        written.extend(
            schemas
                .into_iter()
                .map(|p| p.strip_prefix(dir).map(Path::to_path_buf).unwrap_or(p)),
        );
    }
    (diags, written)
}

/// A value put between double quotes in YAML.
fn quoted(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn bad_id(what: &str, id: &str) -> Diagnostic {
    Diagnostic::error(id, None, format!("{what}「{id}」は名前に使えません"))
        .hint("半角英小文字・数字・「-」「_」で付けてください（例: minato, consent-2）。")
}

/// `region/name`, both valid ids, the region existing.
fn target(root: &Path, target: &str, what: &str, diags: &Diagnostics) -> Option<(String, String)> {
    let Some((region, id)) = target.split_once('/') else {
        diags.push(
            Diagnostic::error(
                target,
                None,
                format!("{what}は「地域/名前」の形で指定してください"),
            )
            .hint("例: tebiki new form minato/consent --kind consent"),
        );
        return None;
    };
    if !valid_id(id) {
        diags.push(bad_id(what, id));
        return None;
    }
    if !root
        .join("content")
        .join(region)
        .join("region.yaml")
        .is_file()
    {
        diags.push(
            Diagnostic::error(
                PathBuf::from("content").join(region),
                None,
                format!("地域「{region}」がありません"),
            )
            .hint(format!(
                "先に tebiki new region {region} で地域を作ってください。"
            )),
        );
        return None;
    }
    Some((region.to_string(), id.to_string()))
}

/// `tebiki new region <id>`: region.yaml, a handbook page, a policy page
/// with numbered articles, and the four forms most regions have.
pub fn region(root: &Path, id: &str, name: Option<&str>) -> (Diagnostics, Vec<PathBuf>) {
    let diags = Diagnostics::new();
    if !valid_id(id) {
        diags.push(bad_id("地域の id", id));
        return (diags, Vec::new());
    }
    let name = name.unwrap_or("〇〇地域医療介護連携ネットワーク");
    let content = PathBuf::from("content").join(id);
    let mut plan = Plan::new(root);
    plan.add(
        content.join("region.yaml"),
        REGION.replace("%ID%", id).replace("%NAME%", &quoted(name)),
    );
    plan.add(content.join("handbook.md"), HANDBOOK.to_string());
    plan.add(content.join("policy.md"), POLICY.to_string());
    for f in FormStarter::FOR_A_REGION {
        plan.add(
            PathBuf::from("forms")
                .join(id)
                .join(format!("{}.yaml", f.id())),
            f.text().to_string(),
        );
    }
    let written = plan.write(&diags);
    (diags, written)
}

/// `tebiki new form <region>/<id> --kind …`: one form to start from.
pub fn form(root: &Path, which: &str, kind: FormStarter) -> (Diagnostics, Vec<PathBuf>) {
    let diags = Diagnostics::new();
    let Some((region, id)) = target(root, which, "様式", &diags) else {
        return (diags, Vec::new());
    };
    let mut plan = Plan::new(root);
    plan.add(
        PathBuf::from("forms")
            .join(&region)
            .join(format!("{id}.yaml")),
        kind.text().to_string(),
    );
    let written = plan.write(&diags);
    (diags, written)
}

/// `tebiki new page <region>/<slug>`: an empty page with its front matter.
pub fn page(
    root: &Path,
    which: &str,
    title: Option<&str>,
    kind: PageStarter,
) -> (Diagnostics, Vec<PathBuf>) {
    let diags = Diagnostics::new();
    let Some((region, slug)) = target(root, which, "ページ", &diags) else {
        return (diags, Vec::new());
    };
    if GENERATED_PAGES.contains(&slug.as_str()) {
        diags.push(
            Diagnostic::error(
                which,
                None,
                format!("ページ名「{slug}」は tebiki が作るページと重なります"),
            )
            .hint(format!("使えない名前: {}。", GENERATED_PAGES.join(", "))),
        );
        return (diags, Vec::new());
    }
    let (kind, body) = match kind {
        PageStarter::Handbook => ("handbook", PAGE_BODY),
        PageStarter::Policy => ("policy", PAGE_BODY),
        PageStarter::Guide => ("guide", PAGE_BODY),
        PageStarter::Qa => ("qa", QA_BODY),
    };
    let mut plan = Plan::new(root);
    plan.add(
        PathBuf::from("content")
            .join(&region)
            .join(format!("{slug}.md")),
        PAGE.replace("%TITLE%", &quoted(title.unwrap_or("〇〇")))
            .replace("%KIND%", kind)
            .replace("%BODY%", body),
    );
    let written = plan.write(&diags);
    (diags, written)
}
