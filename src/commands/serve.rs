//! `tebiki serve`: builds, serves the output on 127.0.0.1, rebuilds when a
//! source changes and reloads the browser. A build with errors keeps the
//! last good site served and shows the errors in the terminal and over the
//! page.
//!
//! An edit of a page's text (its front matter as it was) is shown at once:
//! the page's region is rendered again from the last build's context and
//! the pages that changed are moved in. Then, as after any other change,
//! the whole project is built through the same `build` as the command,
//! which writes only what changed (the booklet, say) and checks every link;
//! the cache makes it cost what changed.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::Generation;
use crate::diag::Diagnostics;
use crate::render::RenderCtx;
use crate::write::Staging;

/// What the page script polls for.
#[derive(Default)]
struct Status {
    version: u64,
    error: Option<String>,
}

/// The script added to every served page: reload when the site changed,
/// show the build errors over the page while there are any.
const RELOAD: &str = r#"<script>
(function () {
  var seen = null;
  function overlay(text) {
    var o = document.getElementById("tebiki-error");
    if (!text) { if (o) o.remove(); return; }
    if (!o) {
      o = document.createElement("div");
      o.id = "tebiki-error";
      o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(255,255,255,.97);color:#7a0000;padding:1rem;font:14px/1.5 monospace;white-space:pre-wrap";
      document.body.appendChild(o);
    }
    o.textContent = "tebiki: ビルドでエラーがありました（前の内容を表示しています）\n\n" + text;
  }
  function poll() {
    fetch("/__tebiki/status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version;
      overlay(s.error);
    }).catch(function () {}).finally(function () { setTimeout(poll, 100); });
  }
  poll();
})();
</script>
"#;

/// Maps a request path to a file under `root`, or refuses it. Traversal
/// (`..`, also percent-encoded), absolute paths and backslashes are refused.
pub fn resolve(root: &Path, url: &str) -> Result<PathBuf, u16> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path).ok_or(400u16)?;
    if decoded.contains('\\') || decoded.contains('\0') || decoded.starts_with("//") {
        return Err(403);
    }
    let rel = decoded.trim_start_matches('/');
    let rel_path = Path::new(rel);
    if rel_path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(403);
    }
    let mut file = root.join(rel_path);
    if file.is_dir() {
        file = file.join("index.html");
    }
    // A link inside the output pointing elsewhere is not followed out.
    let real = file.canonicalize().map_err(|_| 404u16)?;
    let base = root.canonicalize().map_err(|_| 404u16)?;
    if !real.starts_with(&base) {
        return Err(403);
    }
    if real.is_file() { Ok(real) } else { Err(404) }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// A full build, abandoned (nothing written) if the sources change while
/// it runs. Returns its diagnostics and, if it wrote, the context it
/// rendered from. The page reloads if a file it shows changed other than
/// those in `shown` (already served by the quick path).
fn build_once(
    root: &Path,
    status: &Mutex<Status>,
    generation: &Arc<Generation>,
    shown: &[PathBuf],
) -> Result<(Diagnostics, Option<Arc<RenderCtx>>), Stale> {
    let opts = super::Options {
        generation: Some((generation.clone(), generation.now())),
        ..Default::default()
    };
    let (diags, built) = super::build_with(root, None, &opts);
    if built.as_ref().is_some_and(|b| b.stale) {
        return Err(Stale);
    }
    let mut s = status.lock().unwrap();
    match built {
        Some(b) if !diags.has_errors() => {
            s.error = None;
            let seen_change = b.changed.iter().any(|f| {
                !shown.contains(f)
                    && f.extension()
                        .is_some_and(|e| e == "html" || e == "css" || e == "js")
            });
            if seen_change {
                s.version += 1;
            }
            Ok((diags, b.ctx))
        }
        _ => {
            s.error = Some(diags.render(root));
            Ok((diags, None))
        }
    }
}

/// A full build the sources outran: another follows.
struct Stale;

/// Files editors write beside the one being saved (vim's `.x.swp` and
/// `4913`, backups ending in `~`, hidden temporary files): not sources.
fn editor_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

/// The quick path: when every changed file is the Markdown page of a
/// region the last build rendered, with its front matter unchanged, that
/// region's pages are rendered again from `ctx` and the ones that changed
/// moved into `out`. Returns the new context and the files moved in, or
/// None when the change needs a full build (or has errors, which the full
/// build reports).
pub fn quick(
    ctx: &Arc<RenderCtx>,
    root: &Path,
    out: &Path,
    changed: &[PathBuf],
    writing: &Mutex<()>,
) -> Option<(Arc<RenderCtx>, Vec<PathBuf>)> {
    let diags = Diagnostics::new();
    let mut site = None::<crate::model::Site>;
    let mut regions = Vec::new();
    for path in changed {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
        let (Some(top), Some(region), Some(file), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let slug = file.strip_suffix(".md")?;
        if top != "content" {
            return None;
        }
        let ri = ctx.site.regions.iter().position(|r| r.id == region)?;
        let pi = ctx.site.regions[ri]
            .pages
            .iter()
            .position(|p| p.slug == slug)?;
        let mut page = crate::source::load_page(root, rel, &diags)?;
        let old = &ctx.site.regions[ri].pages[pi];
        let meta = |p: &crate::model::Page| serde_json::to_value(&p.meta).ok();
        if diags.has_errors() || meta(&page) != meta(old) {
            return None;
        }
        page.committed = old.committed;
        let site = site.get_or_insert_with(|| (*ctx.site).clone());
        std::sync::Arc::make_mut(&mut site.regions[ri]).pages[pi] = page;
        if !regions.contains(&ri) {
            regions.push(ri);
        }
    }
    let next = ctx.with_bodies(Arc::new(site?));
    let mut staging = Staging::new(out).ok()?;
    // The regions it does not touch are still as their keys say: the full
    // build after it may take them as they are (see `render::reuse`).
    let mut untouched: Vec<(String, String)> = crate::write::built_regions(out)
        .into_iter()
        .filter(|(id, _)| !regions.iter().any(|&ri| ctx.site.regions[ri].id == *id))
        .collect();
    untouched.sort();
    staging.set_inputs(None, &untouched).ok()?;
    for &ri in &regions {
        crate::render::site::region_pages(&next.region(ri), &staging.outputs, &diags);
    }
    if diags.has_errors() {
        return None; // the staging folder is removed on drop
    }
    staging.keep_previous();
    let moved = staging.outputs.changed();
    let _writing = writing.lock().unwrap();
    staging.commit().ok()?;
    Some((next, moved))
}

/// Serves until the process is stopped. `addr` is 127.0.0.1 unless the
/// user asks for another.
pub fn serve(root: &Path, addr: &str, port: u16, open: bool) -> Result<(), String> {
    let status = Arc::new(Mutex::new(Status::default()));
    // Watch before the first build: a file saved while it runs is queued
    // and built right after, not lost until the next save.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev
            && !matches!(ev.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(ev.paths);
        }
    })
    .map_err(|e| e.to_string())?;
    for part in ["tebiki.yaml", "content", "forms", "themes"] {
        let p = root.join(part);
        if p.exists() {
            let mode = if p.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            watcher
                .watch(&p, mode)
                .map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    let generation = Arc::new(Generation::default());
    let (first, last) = match build_once(root, &status, &generation, &[]) {
        Ok(done) => done,
        Err(Stale) => unreachable!("nothing counts changes before the server starts"),
    };
    eprint!("{}", first.render(root));
    let out = {
        let site = crate::source::load(root, &Diagnostics::new());
        root.join(&site.config.output)
    };
    let server = tiny_http::Server::http((addr, port))
        .map_err(|e| format!("{addr}:{port} で待ち受けられません: {e}"))?;
    let local = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    println!("http://{local}/");
    eprintln!("http://{local}/ で表示しています。原稿を保存すると作り直します（終了は Ctrl+C）。");
    if open {
        let _ = std::process::Command::new("xdg-open")
            .arg(format!("http://{local}/"))
            .spawn();
    }

    // Two threads: one takes each save at once (the quick path for a
    // page's text), one runs full builds, one at a time, after it; a full
    // build that a later save outruns writes nothing and runs again.
    let last = Arc::new(Mutex::new(last));
    let shown = Arc::new(Mutex::new(Vec::<PathBuf>::new()));
    let (full_tx, full_rx) = std::sync::mpsc::channel::<Instant>();
    {
        let (root, status, generation, last, shown) = (
            root.to_path_buf(),
            status.clone(),
            generation.clone(),
            last.clone(),
            shown.clone(),
        );
        std::thread::spawn(move || {
            if last.lock().unwrap().is_none() {
                // The first build was skipped (nothing changed since the
                // last one): load the project for the quick path, from
                // the regions' snapshots as a build would.
                let cache = crate::write::cache::Cache::at(&root);
                let sources = cache.inputs(&root);
                let ctx = super::prepare_cached(&root, &Diagnostics::new(), &cache, &sources);
                if let Some(ctx) = ctx {
                    last.lock().unwrap().get_or_insert(ctx);
                }
            }
            while let Ok(mut since) = full_rx.recv() {
                while let Ok(t) = full_rx.try_recv() {
                    since = since.min(t);
                }
                let already = shown.lock().unwrap().clone();
                match build_once(&root, &status, &generation, &already) {
                    Err(Stale) => {} // a newer request is queued
                    Ok((d, ctx)) => {
                        if d.has_errors() {
                            eprint!("{}", d.render(&root));
                            eprintln!("エラーがあるため、前の内容を表示し続けます。");
                        } else {
                            eprintln!("作り直しました（{} ms）。", since.elapsed().as_millis());
                        }
                        shown.lock().unwrap().clear();
                        if ctx.is_some() {
                            *last.lock().unwrap() = ctx;
                        }
                    }
                }
            }
        });
    }
    {
        let (root, out, status, generation, last, shown) = (
            root.to_path_buf(),
            out.clone(),
            status.clone(),
            generation.clone(),
            last,
            shown,
        );
        std::thread::spawn(move || {
            while let Ok(first) = rx.recv() {
                // Let an editor finish writing (several events per save).
                std::thread::sleep(Duration::from_millis(30));
                let mut paths: Vec<PathBuf> = first;
                while let Ok(more) = rx.try_recv() {
                    paths.extend(more);
                }
                paths.retain(|p| !editor_scratch(p));
                if paths.is_empty() {
                    continue;
                }
                paths.sort();
                paths.dedup();
                let t = Instant::now();
                generation
                    .seen
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let ctx = last.lock().unwrap().clone();
                if let Some(ctx) = ctx
                    && let Some((next, moved)) =
                        quick(&ctx, &root, &out, &paths, &generation.writing)
                {
                    status.lock().unwrap().version += 1;
                    eprintln!("表示を更新しました（{} ms）。", t.elapsed().as_millis());
                    *last.lock().unwrap() = Some(next);
                    shown.lock().unwrap().extend(moved);
                }
                let _ = full_tx.send(t);
            }
        });
    }

    for request in server.incoming_requests() {
        let url = request.url().to_string();
        if url.starts_with("/__tebiki/status") {
            let s = status.lock().unwrap();
            let body = serde_json::json!({"version": s.version, "error": s.error}).to_string();
            let _ = request.respond(tiny_http::Response::from_string(body).with_header(
                tiny_http::Header::from_bytes("Content-Type", "application/json").expect("header"),
            ));
            continue;
        }
        let response = match resolve(&out, &url) {
            Ok(path) => match std::fs::read(&path) {
                Ok(mut bytes) => {
                    if path.extension().is_some_and(|e| e == "html") {
                        let html = String::from_utf8_lossy(&bytes)
                            .replace("</body>", &format!("{RELOAD}</body>"));
                        bytes = html.into_bytes();
                    }
                    tiny_http::Response::from_data(bytes)
                        .with_header(
                            tiny_http::Header::from_bytes("Content-Type", content_type(&path))
                                .expect("header"),
                        )
                        .with_header(
                            tiny_http::Header::from_bytes("Cache-Control", "no-store")
                                .expect("header"),
                        )
                }
                Err(_) => tiny_http::Response::from_string("Not Found").with_status_code(404),
            },
            Err(code) => tiny_http::Response::from_string(if code == 403 {
                "Forbidden"
            } else {
                "Not Found"
            })
            .with_status_code(code),
        };
        let _ = request.respond(response);
    }
    drop(watcher);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_out_of_the_site() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        std::fs::create_dir_all(site.join("a")).unwrap();
        std::fs::write(site.join("index.html"), "x").unwrap();
        std::fs::write(site.join("a/index.html"), "y").unwrap();
        std::fs::write(t.path().join("secret.txt"), "s").unwrap();
        assert!(resolve(&site, "/").is_ok());
        assert!(resolve(&site, "/a/").is_ok());
        assert_eq!(resolve(&site, "/../secret.txt"), Err(403));
        assert_eq!(resolve(&site, "/%2e%2e/secret.txt"), Err(403));
        assert_eq!(resolve(&site, "/a/%2E%2E/%2e%2e/secret.txt"), Err(403));
        assert_eq!(resolve(&site, "//etc/passwd"), Err(403));
        assert_eq!(resolve(&site, "/..%5csecret.txt"), Err(403));
        assert_eq!(resolve(&site, "/nothing.html"), Err(404));
    }
}
