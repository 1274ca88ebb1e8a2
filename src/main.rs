use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root;
    let diags = match cli.command {
        Command::Check => {
            let d = tebiki::build::check(&root);
            if !d.has_errors() {
                eprintln!("問題は見つかりませんでした。");
            }
            d
        }
        Command::Build { out } => {
            let (d, built) = tebiki::build::build(&root, out.as_deref());
            if let Some(b) = built {
                eprintln!(
                    "{} に {} 個のファイルを書き出しました。",
                    b.out.display(),
                    b.files
                );
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
