//! The commands' shared steps: load + check + render, then write or not.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{self, Outputs, Staging};
use crate::render::{self, Env, theme::Theme};
use crate::{check, load};

/// Loads and checks the project and renders it in memory (nothing written).
/// Returns the rendering environment when the project could be loaded.
pub fn prepare(root: &Path, diags: &Diagnostics) -> Option<Arc<Env>> {
    prepare_with(root, diags, crate::cache::Cache::at(root))
}

fn prepare_with(root: &Path, diags: &Diagnostics, cache: crate::cache::Cache) -> Option<Arc<Env>> {
    let site = load::load(root, diags);
    check::check(&site, diags);
    let theme = Theme::load(root, &site.config.theme, diags)?;
    Some(Env::new(Arc::new(site), theme, cache))
}

/// `tebiki check`: every problem, nothing written.
pub fn check(root: &Path) -> Diagnostics {
    let diags = Diagnostics::new();
    if let Some(env) = prepare(root, &diags) {
        render::render_all(&env, &Outputs::dry(), &diags);
    }
    diags
}

pub struct Built {
    pub out: PathBuf,
    pub files: usize,
    /// Nothing changed since the last build: nothing was written.
    pub unchanged: bool,
}

/// `tebiki build`: renders into a staging folder and swaps it in only if
/// there were no errors. `out` overrides the configured output folder.
pub fn build(root: &Path, out: Option<&Path>) -> (Diagnostics, Option<Built>) {
    build_with(root, out, &Options::default())
}

/// `tebiki build --no-cache`: everything typeset anew, nothing skipped.
pub fn build_uncached(root: &Path, out: Option<&Path>) -> (Diagnostics, Option<Built>) {
    build_with(
        root,
        out,
        &Options {
            no_cache: true,
            ..Options::default()
        },
    )
}

/// How `tebiki build` runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Typeset everything anew and never skip the build.
    pub no_cache: bool,
    /// Only part of the outputs (for benchmarks and quick previews).
    pub only: render::Only,
}

pub fn build_with(root: &Path, out: Option<&Path>, opts: &Options) -> (Diagnostics, Option<Built>) {
    let use_cache = !opts.no_cache;
    let diags = Diagnostics::new();
    let cache = if use_cache {
        crate::cache::Cache::at(root)
    } else {
        crate::cache::Cache::disabled()
    };
    let Some(env) = prepare_with(root, &diags, cache) else {
        return (diags, None);
    };
    let out = match out {
        Some(o) => o.to_path_buf(),
        None => root.join(&env.site.config.output),
    };
    if let Err(output::Refused(why)) = output::check_target(root, &out) {
        diags.push(Diagnostic::error(out.clone(), None, why));
        return (diags, None);
    }
    if diags.has_errors() {
        // Render anyway, in memory, to report the problems rendering finds.
        render::render_all(&env, &Outputs::dry(), &diags);
        return (diags, None);
    }
    // The same inputs as the output was built from: nothing to do. (Not
    // when revisions name git refs: the repository is an input then.)
    let uses_git = env
        .site
        .regions
        .iter()
        .any(|r| r.revisions.iter().any(|x| !x.git_ref.is_empty()));
    let inputs = crate::cache::inputs_hash(root);
    let inputs = format!("{inputs} {:?}", opts.only);
    if use_cache && !uses_git && output::built_inputs(&out).as_deref() == Some(inputs.as_str()) {
        return (
            diags,
            Some(Built {
                out,
                files: 0,
                unchanged: true,
            }),
        );
    }
    let staging = match Staging::new(&out) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(
                out.clone(),
                None,
                format!("出力先に書けません: {e}"),
            ));
            return (diags, None);
        }
    };
    render::render_only(&env, &staging.outputs, &diags, opts.only);
    if diags.has_errors() {
        return (diags, None); // the staging folder is removed on drop
    }
    let files = staging.outputs.files().len();
    if let Err(e) = staging.set_inputs(&inputs).and_then(|()| staging.commit()) {
        diags.push(Diagnostic::error(
            out.clone(),
            None,
            format!("出力先を入れ替えられません: {e}"),
        ));
        return (diags, None);
    }
    (
        diags,
        Some(Built {
            out,
            files,
            unchanged: false,
        }),
    )
}

/// `tebiki fill`: the form `region/form` filled with the values in `data`
/// (a YAML mapping of field name to value), written to `out`. The filled
/// PDF carries personal data: it is never written inside the output folder
/// and its values are never printed.
pub fn fill(root: &Path, target: &str, data: &Path, out: &Path, flatten: bool) -> Diagnostics {
    use std::collections::BTreeMap;

    use crate::forms::fill::FillValue;
    use crate::yaml::{self, SourceFile};

    let diags = Diagnostics::new();
    let Some((region_id, form_id)) = target.split_once('/') else {
        diags.push(
            Diagnostic::error(target, None, "様式は「地域/様式」の形で指定してください")
                .hint("例: tebiki fill osaki/application --data values.yaml --out filled.pdf"),
        );
        return diags;
    };
    let Some(env) = prepare(root, &diags) else {
        return diags;
    };
    if diags.has_errors() {
        return diags;
    }
    let output_dir = root.join(&env.site.config.output);
    let out_abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let output_abs = std::path::absolute(&output_dir).unwrap_or(output_dir);
    if out_abs.starts_with(&output_abs) {
        diags.push(
            Diagnostic::error(out, None, "記入済みの様式は出力フォルダ（公開するサイト）には書き出しません")
                .hint("個人情報を含むため、サイトの外（例: ~/記入済み/filled.pdf）を --out に指定してください。"),
        );
        return diags;
    }
    let Some((ri, region)) = env
        .site
        .regions
        .iter()
        .enumerate()
        .find(|(_, r)| r.id == region_id)
    else {
        let ids: Vec<&str> = env.site.regions.iter().map(|r| r.id.as_str()).collect();
        diags.push(
            Diagnostic::error(target, None, format!("地域「{region_id}」がありません"))
                .hint(format!("地域: {}", ids.join(", "))),
        );
        return diags;
    };
    let Some(form) = region.form(form_id) else {
        let ids: Vec<&str> = region.form_defs.iter().map(|f| f.id.as_str()).collect();
        diags.push(
            Diagnostic::error(
                target,
                None,
                format!("様式「{form_id}」が {region_id} にありません"),
            )
            .hint(format!("様式: {}", ids.join(", "))),
        );
        return diags;
    };
    let data_rel = data.strip_prefix(root).unwrap_or(data);
    let Some(file) = SourceFile::read(Path::new(""), data, &diags).map(|mut f| {
        f.rel = data_rel.to_path_buf();
        f
    }) else {
        return diags;
    };
    let Some((values, _)) = yaml::decode::<BTreeMap<String, FillValue>>(&file, &diags) else {
        return diags;
    };
    let forms = match crate::forms::Forms::load(&env) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let pdfs = match forms.render(&env, ri, form) {
        Ok(p) => p,
        Err(ds) => {
            diags.extend(ds);
            return diags;
        }
    };
    let fillable = match pdfs.fillable.bytes() {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(
                target,
                None,
                format!("様式の PDF を読めません: {e}"),
            ));
            return diags;
        }
    };
    match crate::forms::fill::fill(
        &fillable,
        &pdfs.fields,
        &values,
        forms.field_font(),
        flatten,
    ) {
        Ok(bytes) => {
            if let Err(e) = std::fs::write(out, bytes) {
                diags.push(Diagnostic::error(out, None, format!("書き出せません: {e}")));
            }
        }
        Err(errors) => {
            for e in errors {
                diags.push(Diagnostic::error(&file.rel, None, e));
            }
        }
    }
    diags
}

/// `tebiki diff`: the 新旧対照表 of every page that differs between git
/// revision `old` and `new` (the working tree when `None`), written as HTML
/// and PDF into `out`. Reads the repository only; never touches the working
/// tree or the index.
pub fn diff(
    root: &Path,
    old: &str,
    new: Option<&str>,
    opts: &crate::history::Options,
    out: &Path,
) -> (Diagnostics, Vec<PathBuf>) {
    use crate::history;

    let diags = Diagnostics::new();
    let mut written = Vec::new();
    let versions =
        history::version(root, Some(old)).and_then(|o| history::version(root, new).map(|n| (o, n)));
    let (old_v, new_v) = match versions {
        Ok(v) => v,
        Err(ds) => {
            diags.extend(ds);
            return (diags, written);
        }
    };
    if let Some(r) = &opts.region
        && new_v.env.site.region(r).is_none()
    {
        diags.push(Diagnostic::error(
            r,
            None,
            format!("地域「{r}」がありません"),
        ));
        return (diags, written);
    }
    let tables = history::tables(&old_v, &new_v, opts);
    for t in &tables {
        let data = history::template_data(t, &old_v, &new_v, opts);
        let base = out.join(&t.region).join(&t.slug);
        let result = history::html(&new_v.env, &data)
            .and_then(|h| write_file(&base.with_extension("html"), h.as_bytes()))
            .and_then(|()| history::pdf(&new_v.env, &data, new_v.date))
            .and_then(|pdf| write_file(&base.with_extension("pdf"), &pdf));
        match result {
            Ok(()) => {
                written.push(base.with_extension("html"));
                written.push(base.with_extension("pdf"));
            }
            Err(e) => diags.push(Diagnostic::error(
                &base,
                None,
                format!("新旧対照表を作れません: {e}"),
            )),
        }
    }
    (diags, written)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// `tebiki clean`: removes the cache and the output folder (only if tebiki
/// made it).
pub fn clean(root: &Path) -> Diagnostics {
    let diags = Diagnostics::new();
    let _ = std::fs::remove_dir_all(root.join(crate::cache::DIR));
    let site = load::load(root, &Diagnostics::new());
    let out = root.join(&site.config.output);
    if out.join(output::MARKER).is_file() {
        if let Err(e) = std::fs::remove_dir_all(&out) {
            diags.push(Diagnostic::error(out, None, format!("削除できません: {e}")));
        }
    } else if out.exists() {
        diags.push(Diagnostic::warning(
            out,
            None,
            "tebiki が作ったフォルダではないので残しました",
        ));
    }
    diags
}
