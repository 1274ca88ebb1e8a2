//! Loading: the project folder -> [`Site`]. The only code that reads sources.
//!
//! Every file is read and decoded on its own; a broken file is reported and
//! left out, and loading goes on so that one run shows every problem.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::file::SourceFile;
use super::snapshot::Snapshots;
use super::yaml;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::{
    CONFIG_FILE, Config, Form, FrontMatter, GENERATED_PAGES, List, Origin, Page, Region, Site,
    Topics, Unloaded, valid_id,
};

/// Reads tebiki.yaml alone (what a build needs to know before loading the
/// rest: where the output goes).
pub fn load_config(root: &Path, diags: &Diagnostics) -> Option<Config> {
    match read(root, Path::new(CONFIG_FILE), diags) {
        Some(f) => {
            let (mut c, positions) = yaml::decode::<Config>(&f, diags)?;
            c.origin = Origin {
                file: CONFIG_FILE.into(),
                positions,
                line_offset: 0,
            };
            Some(c)
        }
        None => {
            // `read` reported it; say what the file is for.
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    None,
                    "プロジェクトの設定ファイル tebiki.yaml が必要です",
                )
                .hint("プロジェクトの一番上のフォルダで実行しているか確かめてください。")
                .hint("新しく作るときは tebiki new project <フォルダ> で作れます（README.md）。"),
            );
            None
        }
    }
}

/// Loads the project at `root`. Problems go to `diags`; what could be loaded
/// is returned either way so that checks can run over it.
pub fn load(root: &Path, diags: &Diagnostics) -> Site {
    load_with(root, diags, None)
}

/// [`load`], reading back the regions `snapshots` holds as they are and
/// keeping the others there.
pub fn load_with(root: &Path, diags: &Diagnostics, snapshots: Option<&Snapshots>) -> Site {
    let mut site = Site {
        root: root.to_path_buf(),
        ..Site::default()
    };
    if let Some(c) = load_config(root, diags) {
        site.config = c;
    }
    let unloaded = Mutex::new(Unloaded::default());
    site.lists = load_lists(root, diags, &unloaded);
    site.topics = load_topics(root, diags, &unloaded);
    site.synonyms = super::synonyms::load(root, diags);
    let mut regions = load_regions(root, diags, &unloaded, snapshots);
    // Pages with no date of their own show when their file last changed.
    let committed = super::git::last_changed(root, 2000);
    for page in regions.iter_mut().flat_map(|r| r.pages.iter_mut()) {
        page.committed = committed.get(&page.origin.file).copied();
    }
    site.regions = regions.into_iter().map(std::sync::Arc::new).collect();
    site.unloaded = unloaded.into_inner().expect("no thread panicked");
    for r in &site.unloaded.regions {
        diags.push(
            Diagnostic::warning(
                PathBuf::from("content").join(r).join("region.yaml"),
                None,
                format!("地域「{r}」のページと様式、ほかのページからこの地域へのリンクは、region.yaml を直すまで確かめていません"),
            )
            .hint("上のエラーを直すと、次の tebiki check で確かめます。"),
        );
    }
    site
}

fn read(root: &Path, rel: &Path, diags: &Diagnostics) -> Option<SourceFile> {
    if is_symlink(&root.join(rel)) {
        diags.push(symlink_error(rel));
        return None;
    }
    if !root.join(rel).is_file() {
        return None;
    }
    SourceFile::read(root, rel, diags)
}

fn is_symlink(path: &Path) -> bool {
    path.symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
}

fn symlink_error(rel: &Path) -> Diagnostic {
    Diagnostic::error(rel, None, "シンボリックリンクは読みません [symlink]")
        .hint("リンクではなくファイルそのものをこのフォルダに置いてください。")
}

/// The files directly in `root/dir` with extension `ext`, sorted by name.
/// Symbolic links are not followed: a link is reported, not read, so a link
/// out of the project or a link loop cannot take the build elsewhere.
fn files_in(root: &Path, dir: &Path, ext: &str, diags: &Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if !root.join(dir).is_dir() {
        return out;
    }
    for entry in WalkDir::new(root.join(dir))
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let Ok(entry) = entry else { continue };
        let rel = dir.join(entry.file_name());
        if entry.path_is_symlink() {
            if entry.path().extension().is_some_and(|e| e == ext) {
                diags.push(symlink_error(&rel));
            }
            continue;
        }
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == ext) {
            out.push(rel);
        }
    }
    out
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn id_hint(kind: &str) -> String {
    format!(
        "{kind}の名前は半角英小文字・数字・「-」「_」で付けてください（例: inabe, facility-types）。"
    )
}

fn load_lists(
    root: &Path,
    diags: &Diagnostics,
    unloaded: &Mutex<Unloaded>,
) -> std::collections::BTreeMap<String, List> {
    let mut lists = std::collections::BTreeMap::new();
    for rel in files_in(root, Path::new("content/lists"), "yaml", diags) {
        let id = stem(&rel);
        if !valid_id(&id) {
            diags.push(
                Diagnostic::error(
                    &rel,
                    None,
                    format!("リストのファイル名「{id}」は使えません"),
                )
                .hint(id_hint("ファイル")),
            );
            continue;
        }
        let Some(file) = SourceFile::read(root, &rel, diags) else {
            continue;
        };
        let Some((mut list, index)) = yaml::decode::<List>(&file, diags) else {
            unloaded.lock().unwrap().lists.insert(id);
            continue;
        };
        list.id = id.clone();
        list.origin = Origin {
            file: rel,
            positions: index,
            line_offset: 0,
        };
        lists.insert(id, list);
    }
    lists
}

fn load_topics(root: &Path, diags: &Diagnostics, unloaded: &Mutex<Unloaded>) -> Topics {
    let rel = Path::new("content/topics.yaml");
    if !root.join(rel).exists() {
        diags.push(
            Diagnostic::error(rel, None, "規則の分類のファイル content/topics.yaml がありません")
                .hint("tebiki new project で作ったプロジェクトには入っています。別のフォルダに tebiki new project で作り、その content/topics.yaml を写してください。"),
        );
    }
    let Some(file) = read(root, rel, diags) else {
        // Reported above (or a symlink, reported by `read`): not once per rule.
        unloaded.lock().unwrap().topics = true;
        return Topics::default();
    };
    match yaml::decode::<Topics>(&file, diags) {
        Some((mut t, index)) => {
            t.origin = Origin {
                file: rel.to_path_buf(),
                positions: index,
                line_offset: 0,
            };
            t
        }
        None => {
            unloaded.lock().unwrap().topics = true;
            Topics::default()
        }
    }
}

fn load_regions(
    root: &Path,
    diags: &Diagnostics,
    unloaded: &Mutex<Unloaded>,
    snapshots: Option<&Snapshots>,
) -> Vec<Region> {
    let content = root.join("content");
    let mut regions = Vec::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("content", None, "content フォルダがありません").hint(
                "content/<地域のid>/region.yaml を作ってください。README.md に例があります。",
            ),
        );
        return regions;
    }
    let mut dirs = Vec::new();
    for entry in WalkDir::new(&content)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let Ok(entry) = entry else { continue };
        let dir = PathBuf::from("content").join(entry.file_name());
        // A linked folder (or a link loop) is not followed: say so rather
        // than leave a region out without a word.
        if entry.path_is_symlink() && !entry.path().is_file() {
            diags.push(
                Diagnostic::error(&dir, None, "シンボリックリンクは読みません [symlink]")
                    .hint("リンクではなくフォルダそのものを content/ に置いてください。"),
            );
            continue;
        }
        if !entry.file_type().is_dir() || entry.file_name() == "lists" {
            continue;
        }
        dirs.push((dir, entry.file_name().to_string_lossy().into_owned()));
    }
    // Regions are independent: read them side by side.
    regions.par_extend(dirs.par_iter().filter_map(|(dir, id)| match snapshots {
        Some(s) => load_or_restore(root, dir, id, diags, unloaded, s),
        None => load_region(root, dir, id, diags, unloaded),
    }));
    // Forms of a region that does not exist would never be built: say so.
    let forms = root.join("forms");
    if forms.is_dir() {
        for entry in WalkDir::new(&forms)
            .min_depth(1)
            .max_depth(1)
            .sort_by_file_name()
        {
            let Ok(entry) = entry else { continue };
            let name = entry.file_name().to_string_lossy().into_owned();
            let known = regions.iter().any(|r| r.id == name)
                || unloaded.lock().unwrap().regions.contains(&name);
            if entry.file_type().is_dir() && !known {
                diags.push(
                    Diagnostic::error(PathBuf::from("forms").join(&name), None, format!("地域「{name}」がありません"))
                        .hint(format!("content/{name}/region.yaml を作るか、フォルダ名を地域の id に合わせてください。")),
                );
            }
        }
    }
    regions.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    regions
}

/// The region kept in `snapshots` if its files are unchanged, else loaded
/// (and kept, if it loaded without an error).
fn load_or_restore(
    root: &Path,
    dir: &Path,
    id: &str,
    diags: &Diagnostics,
    unloaded: &Mutex<Unloaded>,
    snapshots: &Snapshots,
) -> Option<Region> {
    if let Some((region, warnings)) = snapshots.restore(id) {
        diags.extend(warnings);
        return Some(region);
    }
    let own = Diagnostics::new();
    let region = load_region(root, dir, id, &own, unloaded);
    let said = own.sorted();
    if let Some(region) = &region
        && !own.has_errors()
    {
        snapshots.keep(id, region, &said);
    }
    diags.extend(said);
    region
}

fn load_region(
    root: &Path,
    dir: &Path,
    id: &str,
    diags: &Diagnostics,
    unloaded: &Mutex<Unloaded>,
) -> Option<Region> {
    let rel = dir.join("region.yaml");
    if !valid_id(id) {
        diags.push(
            Diagnostic::error(dir, None, format!("地域のフォルダ名「{id}」は使えません"))
                .hint(id_hint("フォルダ")),
        );
        return None;
    }
    if let Some((_, holds)) = crate::model::SITE_FOLDERS.iter().find(|(n, _)| *n == id) {
        diags.push(
            Diagnostic::error(
                dir,
                None,
                format!("地域のフォルダ名「{id}」は使えません（サイトの{holds}が入るフォルダと同じ名前です）"),
            )
            .hint(format!("ほかの名前にしてください（例: {id}-net）。region.yaml の id も同じ名前にします。")),
        );
        return None;
    }
    if is_symlink(&root.join(&rel)) {
        diags.push(symlink_error(&rel));
        return None;
    }
    if !root.join(&rel).is_file() {
        diags.push(
            Diagnostic::error(&rel, None, "region.yaml がありません")
                .hint(format!("地域「{id}」のフォルダには region.yaml が必要です。README.md の例を写してください。")),
        );
        return None;
    }
    let Some(file) = SourceFile::read(root, &rel, diags) else {
        unloaded.lock().unwrap().regions.insert(id.to_string());
        return None;
    };
    placeholders(&file, diags);
    let Some((mut region, index)) = yaml::decode::<Region>(&file, diags) else {
        unloaded.lock().unwrap().regions.insert(id.to_string());
        return None;
    };
    normalize_contacts(&mut region, &rel, &index, diags);
    if region.id != id {
        diags.push(
            Diagnostic::error(
                &rel,
                index.value("id"),
                format!("id「{}」がフォルダ名「{id}」と違います", region.id),
            )
            .hint(format!("`id: {id}` と書くか、フォルダ名を変えてください。")),
        );
    }
    region.origin = Origin {
        file: rel,
        positions: index,
        line_offset: 0,
    };
    for md in files_in(root, dir, "md", diags) {
        match load_page(root, &md, diags) {
            Some(p) => region.pages.push(p),
            None => {
                unloaded
                    .lock()
                    .unwrap()
                    .pages
                    .insert((id.to_string(), stem(&md)));
            }
        }
    }
    region
        .pages
        .sort_by(|a, b| (a.meta.order, &a.slug).cmp(&(b.meta.order, &b.slug)));
    let form_dir = PathBuf::from("forms").join(id);
    for f in files_in(root, &form_dir, "yaml", diags) {
        match load_form(root, &f, diags) {
            Some(form) => region.form_defs.push(form),
            None => {
                unloaded
                    .lock()
                    .unwrap()
                    .forms
                    .insert((id.to_string(), stem(&f)));
            }
        }
    }
    // The order region.yaml gives, then the forms' numbers in natural
    // order (様式1-2 before 様式1-10).
    let order = &region.forms;
    region.form_defs.sort_by_cached_key(|f| {
        (
            order.iter().position(|o| *o == f.id).unwrap_or(usize::MAX),
            natural_key(&f.number),
            f.id.clone(),
        )
    });
    region.attachments = attachments(root, &dir.join(FILES_DIR), diags);
    Some(region)
}

fn load_form(root: &Path, rel: &Path, diags: &Diagnostics) -> Option<Form> {
    let id = stem(rel);
    if !valid_id(&id) {
        diags.push(
            Diagnostic::error(rel, None, format!("様式のファイル名「{id}」は使えません"))
                .hint(id_hint("ファイル")),
        );
        return None;
    }
    let file = SourceFile::read(root, rel, diags)?;
    placeholders(&file, diags);
    let (mut form, index) = yaml::decode::<Form>(&file, diags)?;
    form.id = id;
    form.origin = Origin {
        file: rel.to_path_buf(),
        positions: index,
        line_offset: 0,
    };
    Some(form)
}

/// Telephone and FAX numbers, postal codes and email addresses written
/// with full-width characters (０５９４－７２, ｉｎｆｏ＠…) made half-width, so
/// that links dial and mail; each change said once, where it is.
fn normalize_contacts(
    region: &mut Region,
    rel: &Path,
    index: &crate::model::Positions,
    diags: &Diagnostics,
) {
    use unicode_normalization::UnicodeNormalization;
    let mut contacts: Vec<(String, &mut crate::model::Contact)> =
        vec![("secretariat".to_string(), &mut region.secretariat)];
    contacts.extend(
        region
            .contacts
            .iter_mut()
            .enumerate()
            .map(|(i, c)| (format!("contacts[{i}]"), c)),
    );
    for (at, c) in contacts {
        for (key, value) in [
            ("tel", &mut c.tel),
            ("fax", &mut c.fax),
            ("postal_code", &mut c.postal_code),
            ("email", &mut c.email),
        ] {
            let half: String = value
                .nfkc()
                .map(|ch| {
                    if matches!(ch, 'ー' | '−' | '‐' | '―' | '–' | '—') {
                        '-'
                    } else {
                        ch
                    }
                })
                .collect();
            if half != *value {
                diags.push(
                    Diagnostic::warning(
                        rel,
                        index.value(&format!("{at}.{key}")),
                        format!("`{key}` の全角の数字・記号を半角にしました（{value} → {half}）[normalised]"),
                    )
                    .hint("このままでも使えます。半角で書くとこの警告は出ません。"),
                );
                *value = half;
            }
        }
    }
}

/// A region's own files (PDF, Word, Excel …) are in this folder of the
/// region's content folder, published as they are under the same name.
pub const FILES_DIR: &str = "files";

/// Every file under `dir` (a region's files folder), sorted by name.
/// Links are not followed, as everywhere in the loader.
fn attachments(root: &Path, dir: &Path, diags: &Diagnostics) -> Vec<crate::model::Attachment> {
    let mut out = Vec::new();
    if !root.join(dir).is_dir() {
        return out;
    }
    for entry in WalkDir::new(root.join(dir))
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.path_is_symlink() {
            diags.push(symlink_error(&rel));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(root.join(dir))
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        out.push(crate::model::Attachment {
            name,
            source: rel,
            size,
        });
    }
    out
}

/// A sort key that orders the digits in a text by their value: 様式1-2
/// before 様式1-10, ２ and 2 alike.
pub fn natural_key(s: &str) -> Vec<(String, u64)> {
    use unicode_normalization::UnicodeNormalization;
    let t: String = s.nfkc().collect();
    let mut key = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(c);
        }
    }
    key.push((text, digits.parse().unwrap_or(0)));
    key
}

/// The mark `tebiki new` leaves where an author must write their own text.
pub const PLACEHOLDER: &str = "〇〇";

/// A warning for each 〇〇 left in `file` (outside comments), naming the
/// key it stands in when the line has one.
fn placeholders(file: &SourceFile, diags: &Diagnostics) {
    for (n, line) in file.text.lines().enumerate() {
        // A YAML comment (`# 例: 〇〇ネット`) may show the mark.
        let code = match line.find(" #") {
            Some(i) if !line.trim_start().starts_with('#') => &line[..i],
            _ if line.trim_start().starts_with('#') => continue,
            _ => line,
        };
        let Some(at) = code.find(PLACEHOLDER) else {
            continue;
        };
        let key = code
            .split_once(':')
            .map(|(k, _)| k.trim().trim_start_matches("- "))
            .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        let what = key.map_or_else(String::new, |k| format!("（`{k}`）"));
        diags.push(
            Diagnostic::warning(
                &file.rel,
                Some(Pos::new(n + 1, code[..at].chars().count() + 1)),
                format!("「〇〇」が残っています{what} [placeholder]"),
            )
            .underline(code[at..].chars().take_while(|c| *c == '〇').count())
            .hint(
                "tebiki new が入れた仮の文字です。地域の実際の名前・番号・文に書き換えてください。",
            ),
        );
    }
}

/// Splits `---\n<yaml>\n---\n<markdown>`; returns the YAML, the body and the
/// line on which the body starts.
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Some((yaml, body, body_line));
        }
        offset += line.len();
    }
    None
}

/// Reads one page (`content/<region>/<slug>.md`, from the project root).
pub fn load_page(root: &Path, rel: &Path, diags: &Diagnostics) -> Option<Page> {
    let slug = stem(rel);
    if !valid_id(&slug) {
        diags.push(
            Diagnostic::error(
                rel,
                None,
                format!("ページのファイル名「{slug}」は使えません"),
            )
            .hint(id_hint("ファイル")),
        );
        return None;
    }
    // Reported and left out: rendered, it would overwrite a generated page.
    if GENERATED_PAGES.contains(&slug.as_str()) {
        diags.push(
            Diagnostic::error(
                rel,
                None,
                format!("ページ名「{slug}」は tebiki が作るページと重なります"),
            )
            .hint(format!(
                "使えない名前: {}。ファイル名を変えてください。",
                GENERATED_PAGES.join(", ")
            )),
        );
        return None;
    }
    let file = SourceFile::read(root, rel, diags)?;
    placeholders(&file, diags);
    let Some((yaml_text, body, body_line)) = split_front_matter(&file.text) else {
        if file.text.starts_with("---\n") {
            diags.push(
                Diagnostic::error(rel, Some(Pos::new(1, 1)), "front matter（--- で囲んだ設定）の終わりの --- がありません")
                    .underline(3)
                    .hint("設定の最後の行の次に、--- だけの行を書いてください:\n      ---\n      title: ページの題名\n      ---"),
            );
            return None;
        }
        diags.push(
            Diagnostic::error(rel, Some(Pos::new(1, 1)), "ページの先頭に front matter（--- で囲んだ設定）がありません")
                .hint("ファイルの最初に次の3行を書いてください:\n      ---\n      title: ページの題名\n      ---"),
        );
        return None;
    };
    if yaml_text.trim().is_empty() {
        diags.push(
            Diagnostic::error(
                rel,
                Some(Pos::new(1, 1)),
                "front matter（--- で囲んだ設定）が空です",
            )
            .underline(3)
            .hint(
                "--- と --- の間に、少なくとも次の1行を書いてください:\n      title: ページの題名",
            ),
        );
        return None;
    }
    let fm_file = SourceFile {
        rel: rel.to_path_buf(),
        text: yaml_text.to_string(),
    };
    // Positions inside the front matter are one line below the YAML's own.
    let shifted = Diagnostics::new();
    let decoded = yaml::decode::<FrontMatter>(&fm_file, &shifted);
    for mut d in shifted.sorted() {
        if let Some(p) = d.pos.as_mut() {
            p.line += 1;
        }
        diags.push(d);
    }
    let (meta, index) = decoded?;
    Some(Page {
        slug,
        meta,
        body: body.to_string(),
        body_line,
        source: file.text,
        committed: None,
        origin: Origin {
            file: rel.to_path_buf(),
            positions: index,
            line_offset: 1,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_numbers_sort_naturally() {
        let mut v = vec![
            "様式1-10",
            "様式１-２",
            "様式2",
            "様式1-2-1",
            "別紙様式4-1",
            "様式1",
        ];
        v.sort_by_key(|s| natural_key(s));
        assert_eq!(
            v,
            [
                "別紙様式4-1",
                "様式1",
                "様式１-２",
                "様式1-2-1",
                "様式1-10",
                "様式2"
            ]
        );
    }

    #[test]
    fn front_matter_is_split_with_the_body_line() {
        let (y, b, l) = split_front_matter("---\ntitle: a\norder: 2\n---\n本文\n").unwrap();
        assert_eq!(y, "title: a\norder: 2\n");
        assert_eq!(b, "本文\n");
        assert_eq!(l, 5);
        assert!(split_front_matter("title: a\n").is_none());
        assert!(split_front_matter("---\ntitle: a\n").is_none());
    }
}
