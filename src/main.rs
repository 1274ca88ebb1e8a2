use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Rendering allocates many small strings on every thread; mimalloc is
// faster at that than the system allocator and returns memory sooner.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// tebiki — 地域医療・介護連携ネットワークの手引き・様式・ルール表を作ります。
#[derive(Parser)]
#[command(name = "tebiki", version, about)]
struct Cli {
    /// The project folder (the one holding tebiki.yaml).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check every source and report every problem; writes nothing.
    Check,
    /// Build the sites (and forms) into the output folder.
    Build {
        /// Output folder (default: `output` from tebiki.yaml).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Typeset everything anew, ignoring the cache.
        #[arg(long)]
        no_cache: bool,
        /// Build only part: the HTML site, or the form PDFs.
        #[arg(long, value_enum, default_value_t = tebiki::render::Only::All)]
        only: tebiki::render::Only,
    },
    /// Build, serve on 127.0.0.1 and rebuild when a source changes.
    Serve {
        /// Port (0: any free port; the address is printed).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on; only change it if others must reach it.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
    },
    /// Remove the build cache (.tebiki-cache) and the output folder.
    Clean,
    /// Fill a form's fields from YAML and write the PDF (never into the
    /// output folder: filled forms hold personal data).
    Fill {
        /// The form as region/form-id, e.g. osaki/application.
        form: String,
        /// YAML mapping of field name to value.
        #[arg(long)]
        data: PathBuf,
        /// Where to write the filled PDF.
        #[arg(long)]
        out: PathBuf,
        /// Draw the values into the page and remove the fields.
        #[arg(long)]
        flatten: bool,
    },
    /// Write the JSON Schemas of the files authors write (for editors such
    /// as VS Code) and point VS Code's YAML extension at them.
    Schema {
        /// Where to write them (default: schemas/ in the project).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also write the reference (Markdown) to this file.
        #[arg(long)]
        reference: Option<PathBuf>,
    },
    /// Make the 新旧対照表 of the pages that changed between two git
    /// revisions (tags, branches, commits); the second defaults to the
    /// working tree.
    Diff {
        /// The older revision (改正前).
        old: String,
        /// The newer revision (改正後); default: the working tree.
        new: Option<String>,
        /// Only this region.
        #[arg(long)]
        region: Option<String>,
        /// Only this page (file name without .md).
        #[arg(long)]
        page: Option<String>,
        /// Where to write the tables.
        #[arg(long, default_value = "shinkyu")]
        out: PathBuf,
        /// Show unchanged articles in full instead of （略）.
        #[arg(long)]
        full: bool,
        /// Put 改正前 on the left.
        #[arg(long)]
        old_left: bool,
    },
}

fn main() -> ExitCode {
    // Typst's layout recurses deeply on large documents: give the worker
    // threads the stack the typst command line gives its own.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(32 * 1024 * 1024)
        .build_global();
    let cli = Cli::parse();
    let root = cli.root;
    let diags = match cli.command {
        Command::Check => {
            let d = tebiki::commands::check(&root);
            if !d.has_errors() {
                eprintln!("問題は見つかりませんでした。");
            }
            d
        }
        Command::Build {
            out,
            no_cache,
            only,
        } => {
            let opts = tebiki::commands::Options { no_cache, only };
            let (d, built) = tebiki::commands::build_with(&root, out.as_deref(), &opts);
            match built {
                Some(b) if b.unchanged => {
                    eprintln!("前回から変更はありません。{} は最新です。", b.out.display())
                }
                Some(b) => eprintln!(
                    "{} に {} 個のファイルを書き出しました。",
                    b.out.display(),
                    b.files
                ),
                None => {}
            }
            d
        }
        Command::Serve { port, bind, open } => {
            if let Err(e) = tebiki::commands::serve::serve(&root, &bind, port, open) {
                eprintln!("エラー: {e}");
                return ExitCode::from(1);
            }
            return ExitCode::SUCCESS;
        }
        Command::Clean => {
            let d = tebiki::commands::clean(&root);
            if !d.has_errors() {
                eprintln!("キャッシュと出力フォルダを削除しました。");
            }
            d
        }
        Command::Fill {
            form,
            data,
            out,
            flatten,
        } => {
            let d = tebiki::commands::fill(&root, &form, &data, &out, flatten);
            if !d.has_errors() {
                eprintln!("{} に書き出しました。", out.display());
            }
            d
        }
        Command::Schema { out, reference } => {
            let (d, written) =
                tebiki::commands::schema(&root, out.as_deref(), reference.as_deref());
            for w in &written {
                println!("{}", w.display());
            }
            d
        }
        Command::Diff {
            old,
            new,
            region,
            page,
            out,
            full,
            old_left,
        } => {
            let opts = tebiki::render::shinkyu::Options {
                region,
                page,
                full,
                old_left,
            };
            let (d, written) = tebiki::commands::diff(&root, &old, new.as_deref(), &opts, &out);
            if !d.has_errors() {
                if written.is_empty() {
                    eprintln!(
                        "{old} と {} の間に変わったページはありません。",
                        new.as_deref().unwrap_or("作業中の原稿")
                    );
                }
                for w in &written {
                    println!("{}", w.display());
                }
            }
            d
        }
    };
    eprint!("{}", diags.render(&root));
    if diags.has_errors() {
        eprintln!(
            "{} 件のエラーがあります。上の場所を直してから、もう一度実行してください。出力先は前のまま残しています。",
            diags.error_count()
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
