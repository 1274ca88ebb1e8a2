use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tebiki::commands::{self, new};
use tebiki::diag::Diagnostics;

// Rendering allocates many small strings on every thread; mimalloc is
// faster at that than the system allocator and returns memory sooner.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// tebiki — 地域医療・介護連携ネットワークの手引き・様式・ルール表を作ります。
#[derive(Parser)]
#[command(name = "tebiki", version, about)]
struct Cli {
    /// プロジェクトのフォルダ（tebiki.yaml があるフォルダ）。書かなければ、今いるフォルダから上へ探します。
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// すべての原稿を確かめ、問題をすべて知らせます（何も書き出しません）。
    Check {
        /// 警告があるときもエラーとして終わります（公開の前に）。
        #[arg(long)]
        strict: bool,
    },
    /// サイトと様式の PDF を出力先に書き出します。
    Build {
        /// 出力先のフォルダ（書かなければ tebiki.yaml の output）。
        #[arg(long)]
        out: Option<PathBuf>,
        /// 前回の結果を使わず、すべての PDF を作り直します。
        #[arg(long)]
        no_cache: bool,
        /// 一部だけ作ります: site（ページ）か forms（様式の PDF）。もう一方は前のまま残します。
        #[arg(long, value_enum, default_value_t = tebiki::render::Only::All)]
        only: tebiki::render::Only,
    },
    /// 作ったサイトを 127.0.0.1 で表示し、原稿を保存するたびに作り直します。
    Serve {
        /// ポート番号（0: 空いている番号。アドレスを表示します）。
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// 待ち受けるアドレス。ほかの機器から見る必要があるときだけ変えます。
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// ブラウザで開きます。
        #[arg(long)]
        open: bool,
    },
    /// 新しい地域・様式・ページのひな形を作ります。
    New {
        #[command(subcommand)]
        what: New,
    },
    /// キャッシュ（.tebiki-cache）と出力先のフォルダを消します。
    Clean,
    /// 様式の入力欄に YAML の値を書き込んだ PDF を作ります（個人情報を含むので、出力先のフォルダには書きません）。
    Fill {
        /// 様式を「地域/様式」で（例: osaki/application）。
        form: String,
        /// 欄の名前と値を書いた YAML ファイル。
        #[arg(long)]
        data: PathBuf,
        /// 書き出す PDF。
        #[arg(long)]
        out: PathBuf,
        /// 値をページに描き込み、入力欄をなくします。
        #[arg(long)]
        flatten: bool,
    },
    /// 書くファイルのスキーマ（JSON Schema）を書き出し、VS Code がそれを使うよう設定します。
    Schema {
        /// 書き出すフォルダ（書かなければプロジェクトの schemas/）。
        #[arg(long)]
        out: Option<PathBuf>,
        /// リファレンス（Markdown）もこのファイルに書き出します。
        #[arg(long)]
        reference: Option<PathBuf>,
    },
    /// 二つの git のリビジョン（タグ・ブランチ・コミット）の間で変わったページの新旧対照表を作ります。
    Diff {
        /// 改正前のリビジョン。
        old: String,
        /// 改正後のリビジョン（書かなければ作業中の原稿）。
        new: Option<String>,
        /// この地域だけ。
        #[arg(long)]
        region: Option<String>,
        /// このページだけ（.md を除いたファイル名）。
        #[arg(long)]
        page: Option<String>,
        /// この文書のページだけ（region.yaml の documents の id）。
        #[arg(long)]
        document: Option<String>,
        /// 書き出すフォルダ。
        #[arg(long, default_value = "shinkyu")]
        out: PathBuf,
        /// 変わっていない条も（略）にせず全文を出します。
        #[arg(long)]
        full: bool,
        /// 改正前を左に置きます。
        #[arg(long)]
        old_left: bool,
    },
}

#[derive(Subcommand)]
enum New {
    /// 新しいプロジェクト: tebiki.yaml、分類・共有のリスト・検索の言い換え、見た目（themes/default）、スキーマ。
    Project {
        /// 作るフォルダ（なければ作ります）。
        folder: PathBuf,
        /// サイト全体の題名（書かなければ 〇〇 のまま）。
        #[arg(long)]
        title: Option<String>,
    },
    /// 新しい地域: region.yaml、手引きと規約のページ、同意書・誓約書・申込書・退会届。
    Region {
        /// 地域の id（半角英小文字、例: minato）。フォルダ名と URL になります。
        id: String,
        /// ネットワークの名前（書かなければ 〇〇 のまま）。
        #[arg(long)]
        name: Option<String>,
    },
    /// 新しい様式: 「地域/様式の id」（例: minato/consent）。
    Form {
        form: String,
        /// 様式の種類。
        #[arg(long, value_enum)]
        kind: new::FormStarter,
    },
    /// 新しいページ: 「地域/ページの名前」（例: minato/faq）。
    Page {
        page: String,
        /// ページの題名。
        #[arg(long)]
        title: Option<String>,
        /// ページの種類。
        #[arg(long, value_enum, default_value_t = new::PageStarter::Handbook)]
        kind: new::PageStarter,
    },
}

fn main() -> ExitCode {
    // Typst's layout recurses deeply on large documents: give the worker
    // threads the stack the typst command line gives its own.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(32 * 1024 * 1024)
        .build_global();
    let cli = Cli::parse();
    // A new project has no project above it to find.
    if let Command::New {
        what: New::Project { folder, title },
    } = &cli.command
    {
        let (diags, written) = new::project(folder, title.as_deref());
        for w in &written {
            println!("{}", w.display());
        }
        eprint!("{}", diags.render(folder));
        if diags.has_errors() {
            eprintln!(
                "{} 件のエラーがあります。何も書き出していません。",
                diags.error_count()
            );
            return ExitCode::from(1);
        }
        eprintln!(
            "{} にプロジェクトを作りました。次は cd {} でそのフォルダに移り、tebiki new region <地域の id> で地域を加えます。",
            folder.display(),
            folder.display()
        );
        return ExitCode::SUCCESS;
    }
    let root = match cli.root {
        Some(r) => r,
        None => {
            let here = std::env::current_dir().unwrap_or_default();
            match commands::find_root(&here) {
                Ok(r) => r,
                Err(d) => {
                    let diags = Diagnostics::new();
                    diags.push(d);
                    eprint!("{}", diags.render(&here));
                    return ExitCode::from(1);
                }
            }
        }
    };
    let (diags, outcome) = run(cli.command, &root);
    eprint!("{}", diags.render(&root));
    let warnings = diags.warning_count();
    if diags.has_errors() {
        eprintln!(
            "{} 件のエラーがあります。上の場所を直してから、もう一度実行してください。{}",
            diags.error_count(),
            outcome.after_errors
        );
        return ExitCode::from(1);
    }
    if outcome.strict && warnings > 0 {
        eprintln!("{warnings} 件の警告があります（--strict では警告もエラーとして扱います）。");
        return ExitCode::from(1);
    }
    if let Some(done) = outcome.done {
        eprintln!("{done}");
    }
    if warnings > 0 {
        eprintln!("{warnings} 件の警告があります。上の内容を確かめてください。");
    }
    ExitCode::SUCCESS
}

/// What to say after a command: when it succeeded, and after its errors.
#[derive(Default)]
struct Outcome {
    done: Option<String>,
    /// Said after the count of errors: what the command did not do.
    after_errors: &'static str,
    strict: bool,
}

fn run(command: Command, root: &Path) -> (Diagnostics, Outcome) {
    let mut outcome = Outcome::default();
    let diags = match command {
        Command::Check { strict } => {
            outcome.strict = strict;
            outcome.done = Some("エラーは見つかりませんでした。".into());
            commands::check(root)
        }
        Command::Build {
            out,
            no_cache,
            only,
        } => {
            outcome.after_errors = "出力先は前のまま残しています。";
            let opts = commands::Options {
                no_cache,
                only,
                ..Default::default()
            };
            let (d, built) = commands::build_with(root, out.as_deref(), &opts);
            outcome.done = built.map(|mut b| {
                // The process ends here: the loaded project is left to
                // the system, not freed a piece at a time (a tenth of a
                // second at 1,000 regions).
                std::mem::forget(b.ctx.take());
                if b.unchanged {
                    format!("前回から変更はありません。{} は最新です。", b.out.display())
                } else {
                    format!(
                        "{} の {} 個のファイルのうち、{} 個を書き出しました（ほかは前と同じです）。",
                        b.out.display(),
                        b.files,
                        b.changed.len()
                    )
                }
            });
            d
        }
        Command::Serve { port, bind, open } => {
            let d = Diagnostics::new();
            if let Err(e) = commands::serve::serve(root, &bind, port, open) {
                d.push(tebiki::diag::Diagnostic::error(root, None, e));
            }
            d
        }
        Command::New { what } => {
            outcome.after_errors = "何も書き出していません。";
            let (d, written) = match what {
                New::Region { id, name } => new::region(root, &id, name.as_deref()),
                New::Form { form, kind } => new::form(root, &form, kind),
                New::Page { page, title, kind } => new::page(root, &page, title.as_deref(), kind),
                New::Project { .. } => {
                    unreachable!("handled before the project root is looked for")
                }
            };
            for w in &written {
                println!("{}", w.display());
            }
            if !written.is_empty() {
                outcome.done = Some(
                    "書き出しました。「〇〇」のところを書き換え、tebiki check で確かめてください（書き方は docs/reference.md）。"
                        .into(),
                );
            }
            d
        }
        Command::Clean => {
            outcome.done = Some("キャッシュと出力フォルダを削除しました。".into());
            commands::clean(root)
        }
        Command::Fill {
            form,
            data,
            out,
            flatten,
        } => {
            outcome.after_errors = "記入済みの PDF は書き出していません。";
            outcome.done = Some(format!("{} に書き出しました。", out.display()));
            commands::fill(root, &form, &data, &out, flatten)
        }
        Command::Schema { out, reference } => {
            let (d, written) = commands::schema(root, out.as_deref(), reference.as_deref());
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
            document,
            out,
            full,
            old_left,
        } => {
            let opts = tebiki::render::shinkyu::Options {
                region,
                page,
                document,
                full,
                old_left,
            };
            let (d, written) = commands::diff(root, &old, new.as_deref(), &opts, &out);
            if written.is_empty() {
                outcome.done = Some(format!(
                    "{old} と {} の間に変わったページはありません。",
                    new.as_deref().unwrap_or("作業中の原稿")
                ));
            }
            for w in &written {
                println!("{}", w.display());
            }
            d
        }
    };
    (diags, outcome)
}
