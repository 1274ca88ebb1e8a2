//! `tebiki fill`: a form's fields filled from a YAML file of values.

use std::collections::BTreeMap;
use std::path::Path;

use super::{History, prepare};
use crate::acroform::fill::{FillValue, fill as fill_pdf};
use crate::diag::{Diagnostic, Diagnostics, Unknown, lookup};
use crate::render::pdf::forms::Forms;
use crate::source::file::SourceFile;
use crate::source::yaml;
use crate::write::cache::Cache;

/// `tebiki fill`: the form `region/form` filled with the values in `data`
/// (a YAML mapping of field name to value), written to `out`. The filled
/// PDF carries personal data: it is never written inside the output folder
/// and its values are never printed.
pub fn fill(root: &Path, target: &str, data: &Path, out: &Path, flatten: bool) -> Diagnostics {
    let diags = Diagnostics::new();
    if let Err(ds) = run(root, target, data, out, flatten, &diags) {
        diags.extend(ds);
    }
    diags
}

fn run(
    root: &Path,
    target: &str,
    data: &Path,
    out: &Path,
    flatten: bool,
    diags: &Diagnostics,
) -> Result<(), Vec<Diagnostic>> {
    let at_target =
        |msg: String, hint: String| vec![Diagnostic::error(target, None, msg).hint(hint)];
    let (region_id, form_id) = target.split_once('/').ok_or_else(|| {
        at_target(
            "様式は「地域/様式」の形で指定してください".into(),
            "例: tebiki fill osaki/application --data values.yaml --out filled.pdf".into(),
        )
    })?;
    let Some(ctx) = prepare(root, diags, Cache::at(root), History::Skip, None) else {
        return Ok(());
    };
    if diags.has_errors() {
        return Ok(());
    }
    let output_dir = root.join(&ctx.site.config.output);
    let out_abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let output_abs = std::path::absolute(&output_dir).unwrap_or(output_dir);
    if out_abs.starts_with(&output_abs) {
        return Err(vec![
            Diagnostic::error(out, None, "記入済みの様式は出力フォルダ（公開するサイト）には書き出しません")
                .hint("個人情報を含むため、サイトの外（例: ~/記入済み/filled.pdf）を --out に指定してください。"),
        ]);
    }
    let ri = ctx
        .site
        .regions
        .iter()
        .position(|r| r.id == region_id)
        .ok_or_else(|| {
            let known = ctx.site.regions.iter().map(|r| r.id.clone()).collect();
            at_target(
                format!("地域「{region_id}」がありません"),
                Unknown::among(region_id, known).hint("地域", "content/"),
            )
        })?;
    let rc = ctx.region(ri);
    let form = lookup(&rc.region.form_defs, |f| &f.id, form_id).map_err(|u| {
        at_target(
            format!("様式「{form_id}」が {region_id} にありません"),
            u.hint("様式", &format!("forms/{region_id}/")),
        )
    })?;
    if !form.has_fields() {
        return Err(at_target(
            format!("様式「{form_id}」には入力欄がありません"),
            "印刷用の PDF（forms/…-print.pdf）を印刷して手で書いてください。".into(),
        ));
    }
    let data_rel = data.strip_prefix(root).unwrap_or(data);
    let Some(mut file) = SourceFile::read(Path::new(""), data, diags) else {
        return Ok(());
    };
    file.rel = data_rel.to_path_buf();
    let Some((values, positions)) = yaml::decode::<BTreeMap<String, FillValue>>(&file, diags)
    else {
        return Ok(());
    };
    let forms = Forms::load(&ctx).map_err(|d| vec![d])?;
    let pdfs = forms.render(&rc, form)?;
    let fillable = pdfs.fillable.bytes().map_err(|e| {
        vec![Diagnostic::error(
            target,
            None,
            format!("様式の PDF を読めません: {e}"),
        )]
    })?;
    let filled = fill_pdf(
        &fillable,
        &pdfs.fields,
        &values,
        forms.field_font(),
        flatten,
    )
    .map_err(|errors| {
        // A value's problem is shown at its line in the values file.
        errors
            .into_iter()
            .map(|e| {
                let pos = e.field.as_deref().and_then(|f| positions.key(f));
                Diagnostic::error(&file.rel, pos, e.message)
            })
            .collect::<Vec<_>>()
    })?;
    std::fs::write(out, filled)
        .map_err(|e| vec![Diagnostic::error(out, None, format!("書き出せません: {e}"))])
}
