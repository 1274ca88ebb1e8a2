//! `content/synonyms.yaml`: words the site search treats as one (format in
//! the file's header comment). Read by `source::synonyms`, folded into the
//! search's own table (`search::Table`) when the site is rendered.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// 検索で同じ意味として扱う言葉（content/synonyms.yaml）。すべての地域の検索に使われます。ひらがなとカタカナ、全角と半角、「ー」の有無は書かなくても区別せずに検索します。
#[derive(Debug, Clone, Deserialize, Serialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    /// 同じ意味の言葉の組。一行に二つ以上（例: [退会, 脱退, 利用停止]）。どの言葉で検索しても、同じ行のほかの言葉を含むページも見つかります。一つの言葉は一つの行にだけ書きます。
    #[serde(default)]
    pub groups: Vec<Vec<String>>,
    /// 読み手の言い方から手引きの言い方への一方向のつなぎ（例: 「やめる」→「退会」）。逆向きにつなぐと誤解を招くものはこちらに書きます。
    #[serde(default)]
    pub phrases: Vec<SynonymPhrase>,
    #[serde(skip)]
    pub origin: super::Origin,
}

/// 一方向のつなぎ。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SynonymPhrase {
    /// 読み手が打つ言い方（例: [パスワードを忘れた, ログインできない]）。打った語句がこの言い方か、その始めの部分なら働きます。
    pub when: Vec<String>,
    /// 代わりに探す手引きの言葉（例: [パスワード 再発行]）。空白で区切った言葉は、両方を含むページを探します。
    pub also: Vec<String>,
}
