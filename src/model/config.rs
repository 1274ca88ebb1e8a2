use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The project's settings file; the folder holding it is the project root.
pub const CONFIG_FILE: &str = "tebiki.yaml";

/// プロジェクト全体の設定（tebiki.yaml）。このファイルがあるフォルダがプロジェクトの一番上のフォルダです。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(example = example())]
pub struct Config {
    /// サイト全体の題名。入口のページと、すべてのページの上に出ます。
    pub title: String,
    /// サイトを公開する場所（https://… で始まり / で終わる）。冊子の QR コードに使います。サイトの中のリンクはすべて相対なので、空でもサイトは動きます。
    #[serde(default)]
    pub base_url: String,
    /// サイトの説明。検索エンジンや SNS で表示されます。
    #[serde(default)]
    pub description: String,
    /// 使うテーマ（themes/ の下のフォルダ名）。
    #[serde(default = "default_theme")]
    pub theme: String,
    /// 出力先のフォルダ（プロジェクトのフォルダからの相対）。tebiki が作ったフォルダでなければ書き出しません。
    #[serde(default = "default_output")]
    pub output: String,
    /// サイトを公開する人・団体。すべてのページの下に出ます。
    #[serde(default)]
    pub publisher: String,
    #[serde(skip)]
    pub origin: super::Origin,
}

fn example() -> Config {
    Config {
        title: "〇〇地域医療・介護連携ネットワーク 利用の手引き".into(),
        base_url: "https://www.example.jp/tebiki/".into(),
        description: "〇〇市の医療・介護連携ネットワークの手引き・運用ルール・様式です。".into(),
        theme: default_theme(),
        output: default_output(),
        publisher: "〇〇市医師会".into(),
        origin: Default::default(),
    }
}

fn default_theme() -> String {
    "default".into()
}

fn default_output() -> String {
    "output".into()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            base_url: String::new(),
            description: String::new(),
            theme: default_theme(),
            output: default_output(),
            publisher: String::new(),
            origin: Default::default(),
        }
    }
}
