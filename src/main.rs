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
        Command::Fill { form, data, out, flatten } => {
            let d = tebiki::build::fill(&root, &form, &data, &out, flatten);
            if !d.has_errors() {
                eprintln!("{} に書き出しました。", out.display());
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
