//! A form (様式) as data: a list of blocks that one Typst template lays out.
//! The doc comments here are the reference authors read (docs/reference.md
//! is generated from them): Japanese, with an example for every block.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Origin;

/// 様式一つ（forms/<地域のid>/<様式のid>.yaml）。様式は絵ではなくデータです：上から順に並べた部品（blocks）を、テーマの Typst テンプレートが A4 に組みます。入力できる PDF（欄つき）と印刷用 PDF ができます。
///
/// 例（原本が一枚の同意書を、本人控えと事業所保管の二部で作る）:
///
/// ```yaml
/// number: 別紙様式4
/// title: 個人情報使用同意書
/// purpose: 患者さんの情報をネットワークで共有することに同意していただくための様式です。
/// kind: consent
/// pages: 1
/// copies:
///   - {label: （甲）, note: 本人控え}
///   - {label: （乙）, note: 事業所保管}
/// blocks:
///   - title: 個人情報使用同意書
///   - paragraph: 私は、令和[[agreed_year:同意日（年）:2]]年[[agreed_month:同意日（月）:2]]月[[agreed_day:同意日（日）:2]]日に説明を受け、同意します。
///   - signatures:
///       - {id: patient, title: 本人, lines: [name, address], seal: true}
///       - {id: family, title: 利用者家族, lines: [name, address, relation], seal: true}
///   - recipient: {title: 提出先, show: [name, address, tel, fax]}
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// The file name without `.yaml`; the PDF is `<region>/forms/<id>.pdf`.
    #[serde(skip_deserializing)]
    pub id: String,
    /// 様式の番号（手引きのとおり、例: 様式２、別紙様式1、参考様式1）。様式のページに出ます。用紙の右上にも出すには label の部品を書きます。番号のない様式（「患者同意書」とだけ呼ぶもの）は、この行を書きません。
    #[serde(default)]
    pub number: String,
    /// 様式の題名（例: 個人情報使用同意書）。
    pub title: String,
    /// 何のための様式か、一文で。様式のページに出ます。
    #[serde(default)]
    pub purpose: String,
    /// 様式の種類: consent（同意書）、pledge（誓約書）、application（申込書・申請書）、withdrawal（退会・削除）、notice（連絡・通知）、ledger（台帳・名簿）、handout（説明書）、other（そのほか）。
    #[serde(default)]
    pub kind: FormKind,
    /// 地域が配っている様式ではなく、手引きの説明から作った作成例のとき true。「参考様式（作成例）」と表示します。
    #[serde(default)]
    pub example: bool,
    /// 誰が書いてどこへ出すか（例: 事業所が記入し、事務局へ提出）。様式のページに出ます。
    #[serde(default)]
    pub submit_to: String,
    /// 地域が配っている様式のファイルをそのまま載せるとき、content/<地域>/files/ の中のファイル名（例: 申請書.xlsx）。blocks は書きません。
    #[serde(default)]
    pub file: String,
    /// 原本の用紙の枚数。例: `pages: 1`。組んだ様式がこれより多くなるとき、tebiki は行の間と文字を少しずつ詰めて収め、それでも収まらなければ、どの部品がはみ出したかをエラーで示します（署名欄だけが次の用紙に送られるのを防ぎます）。書かなければ枚数は決めません。copies を書いたときは一部あたりの枚数です。
    #[serde(default)]
    pub pages: Option<u32>,
    /// 同じ様式を何部か続けて印刷するとき（本人控えと事業所保管など）、その部ごとの見出し。例: `copies: [{label: （甲）, note: 本人控え}, {label: （乙）, note: 事業所保管}]`。各部の右上に label と note を印刷します。欄の名前は部ごとに変えません：どの部の「氏名」も同じ patient_name なので、入力できる PDF に一度入力すればすべての部に同じ値が出て、tebiki fill の値も一つで済みます（控えと保管用で中身が食い違わないためです）。部ごとに違う値は書けません。署名と印は紙に手で書きます。
    #[serde(default)]
    pub copies: Vec<CopyDef>,
    /// 様式の部品。上から順に並べます。部品の種類は下の「様式の部品」を見てください。blocks も file もない様式は「未収録」として様式の一覧にだけ出ます（事務局への問い合わせ先を添えて）。
    #[serde(default, with = "serde_yaml::with::singleton_map_recursive")]
    #[schemars(with = "Vec<Block>")]
    pub blocks: Vec<Block>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Form {
    /// Whether the form has a field to fill: only then is a fillable PDF
    /// offered (a form with none is only printed).
    pub fn has_fields(&self) -> bool {
        self.blocks.iter().any(|b| !field_names::of(b).is_empty())
    }

    /// Whether tebiki typesets it: a form known only by name (未収録), or
    /// published as the region's own file, is not.
    pub fn is_typeset(&self) -> bool {
        !self.blocks.is_empty() && self.file.is_empty()
    }
}

/// 何部かに分けて印刷する様式の一部（copies の一つ）。例: `{label: （乙）, note: 事業所保管}`
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CopyDef {
    /// 部の見出し（例: （甲）、本人控え）。
    pub label: String,
    /// 見出しの後に添える言葉（例: 事業所保管）。
    #[serde(default)]
    pub note: String,
}

/// 様式の種類。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// 同意書
    Consent,
    /// 誓約書
    Pledge,
    /// 申込書・申請書
    Application,
    /// 退会届・削除申請
    Withdrawal,
    /// 連絡書・連絡票・通知
    Notice,
    /// 台帳・名簿
    Ledger,
    /// 説明書・掲示物（記入欄なし）
    Handout,
    /// そのほか
    #[default]
    Other,
}

impl FormKind {
    pub fn label(self) -> &'static str {
        match self {
            FormKind::Consent => "同意書",
            FormKind::Pledge => "誓約書",
            FormKind::Application => "申込書・申請書",
            FormKind::Withdrawal => "退会・削除",
            FormKind::Notice => "連絡・通知",
            FormKind::Ledger => "台帳・名簿",
            FormKind::Handout => "説明書",
            FormKind::Other => "様式",
        }
    }
}

/// 様式の部品。一つの部品を「- 種類: 中身」の一行（または字下げした数行）で書きます。ki・end・page_break は「- ki」のように種類だけを書きます。label・title・subtitle・heading・paragraph・right・storage・clauses の文と addressee の text には、{{ region.secretariat.tel }} のように region.yaml の値を入れられます（値が `{{` で始まるときは、値全体を "…" で囲みます）。
///
/// 文の中の空欄（paragraph の中に書きます）:
///
/// - `[[id:説明:幅]]` と書いたところに、下線の空欄ができます。id は入力できる PDF の欄の名前（tebiki fill で値を書く名前）、説明は欄にカーソルを合わせると出る説明（書かなければ id）、幅は空欄の長さを全角の字数で書きます（書かなければ 8 字分）。幅が 4 字以下の空欄には、幅の 2 倍の文字数までしか入力できません（幅 2 なら 4 文字まで）。例: `- paragraph: 令和[[app_year:申込日（年）:2]]年[[app_month:申込日（月）:2]]月[[app_day:申込日（日）:2]]日付けで申し込みのあった件について`
/// - `[[id:説明:承認|不承認]]` と書くと、言葉を並べて印刷し、入力できる PDF ではどれか一つを押すとその言葉が〇で囲まれます（紙では手で〇を付けます）。`承認|（不承認）` のように括弧を付けると括弧も印刷し、値は括弧を除いた言葉（不承認）です。例: `- paragraph: 上記の申込みについて、[[result:審査の結果:承認|（不承認）]]とします。`
/// - `[[` と `]]` の間が半角英数字と「_」の id で始まらなければ（例: `[[注：別紙]]`）、そのまま文字として印刷します。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// 右上に印刷する様式番号（number は様式のページに出るだけなので、用紙に番号を出すにはこれを書きます）。例: `- label: ＜様式２＞`
    Label(String),
    /// 題名（中央、大きく）。例: `- title: 個人情報使用同意書`
    Title(String),
    /// 題名の下の一行。例: `- subtitle: （患者様あるいは患者御家族様用）`
    Subtitle(String),
    /// 記入日の行（令和　年　月　日）。欄は <id>_year、<id>_month、<id>_day。例: `- date: {label: 申込日, align: right}`
    Date(DateLine),
    /// 宛先（〇〇 殿・様）。例: `- addressee: {from: operator, suffix: 殿}`
    Addressee(Addressee),
    /// 見出し。例: `- heading: 申込者`
    Heading(String),
    /// 本文の段落。**太字** と {{ region.secretariat.tel }} のような地域の値を使えます。文の中の空欄は [[id:説明:幅]]（幅は全角の字数。例: `令和[[app_year:申込日（年）:2]]年`）、〇で囲む言葉は [[id:説明:承認|不承認]] と書きます（上の「文の中の空欄」）。例: `- paragraph: 私は、下記の事項を守ります。`
    Paragraph(String),
    /// 右寄せの一行。例: `- right: 以上`
    Right(String),
    /// 番号付きの条項（１　…　２　…）。例: `- clauses: {items: [個人情報を守ります。, 目的外に使いません。]}`
    Clauses(Clauses),
    /// 中央に「記」。例: `- ki`
    Ki,
    /// 右に「以上」。例: `- end`
    End,
    /// 見出しつきの記入欄一つ（一行）。例: `- field: {id: office_name, label: 事業所名}`
    Field(FieldDef),
    /// 一行に並べた記入欄。各欄の width は行の中での割合です（下の「記入欄」）。例: `- fields: [{id: tel, label: 電話番号, width: 0.5}, {id: fax, label: FAX, width: 0.5}]`
    Fields(Vec<FieldDef>),
    /// 選択肢の行：見出しの後に「□看護師・□ケアマネジャー」のように□を付けて並べ、一つを選びます（style: combo なら共有リストから選ぶ欄）。文の中の言葉を〇で囲むときは paragraph に [[id:説明:承認|不承認]] と書きます。例: `- choice: {id: profession, label: 職種, options: [看護師, ケアマネジャー]}`、`- choice: {id: profession, label: 職種, list: professions, style: combo}`
    Choice(ChoiceDef),
    /// 空の行のある表（職員の一覧、台帳）。欄は <id>_<行>_<列のid>。例: `- table: {id: staff, rows: 5, columns: [{id: name, label: 氏名}, {id: email, label: メールアドレス}]}`
    Table(TableDef),
    /// 署名欄（本人・代理人・家族・説明者）。欄は <id>_name など。例: `- signature: {id: patient, title: 本人, lines: [name, address]}`
    Signature(SignatureDef),
    /// 署名の表：本人・代理者・家族を行に、氏名・住所を枠にした一つの表（続柄は氏名の右に「（続柄　　）」、印は氏名の欄の右端）。signature を何個も並べるより場所をとらず、同意書の署名欄を原本のように一枚に収めます。一人ずつの書き方と欄の名前は signature と同じ（<id>_name など）。例: `- signatures: [{id: patient, title: 本人, lines: [name, address], seal: true}, {id: family, title: 利用者家族, lines: [name, address, relation], seal: true}]`
    Signatures(Vec<SignatureDef>),
    /// 提出先・問い合わせ先。region.yaml の事務局（または contacts の窓口）から作ります。例: `- recipient: {title: 提出先}`
    Recipient(RecipientDef),
    /// 保管の区別（枠で囲んで右下に。いくつか書くと縦に並びます）。例: `- storage: 事業所保管`
    Storage(String),
    /// 共有リストを表として（別表）。例: `- list_table: {list: professions, columns: 2}`
    ListTable(ListTableDef),
    /// 自由に書く枠（備考・理由）。例: `- notes: {id: reason, label: 退会の理由, lines: 3}`
    Notes(NotesDef),
    /// 改ページ。例: `- page_break`
    PageBreak,
    /// 縦の空き（行数、0 以上）。例: `- space: 1.5`
    Space(f32),
}

/// 記入日の行。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateLine {
    /// reiwa（令和　年　月　日）か plain（年　月　日）。
    #[serde(default)]
    pub style: DateStyle,
    /// 欄の id のもと（標準: date）。欄は <id>_year、<id>_month、<id>_day になります。一つの様式に日付が二つあるときは別の id を。
    #[serde(default)]
    pub id: String,
    /// 日付の前に書く言葉（例: 申込日）。
    #[serde(default)]
    pub label: String,
    /// 置く位置: left、center、right（標準: right）。
    #[serde(default)]
    pub align: Align,
}

/// 日付の書き方。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateStyle {
    /// 令和　年　月　日
    #[default]
    Reiwa,
    /// 年　月　日
    Plain,
}

/// 左右の位置。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// 左
    Left,
    /// 中央
    Center,
    /// 右
    #[default]
    Right,
}

/// 宛先。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Addressee {
    /// 宛先の名前をそのまま書くとき。
    #[serde(default)]
    pub text: String,
    /// 宛先を region.yaml から取るとき: operator（運営団体）か secretariat（事務局）。
    #[serde(default)]
    pub from: String,
    /// 宛先を記入欄にするとき、その欄の id（例: manager_name）。
    #[serde(default)]
    pub field: String,
    /// 記入欄の前の言葉（例: （管理者氏名））。
    #[serde(default)]
    pub label: String,
    /// 名前の後の言葉: 殿、様、宛 など。
    #[serde(default)]
    pub suffix: String,
}

/// 番号付きの条項。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clauses {
    /// 各項目の印（１、２ … や (1)、(2) …）。書かなければ全角数字の １ から。
    #[serde(default)]
    pub marks: Vec<String>,
    /// 条項の文。一つの文を一つの項目に。**太字** を使えます。
    pub items: Vec<String>,
}

/// 記入欄の種類。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// 一行の文字
    #[default]
    Text,
    /// 複数行の文字
    Multiline,
    /// 文字で書く日付
    Date,
    /// チェックを入れる四角（該当者に○など）
    Checkbox,
    /// 手書きで署名するところ（入力できる PDF では署名欄）
    Signature,
}

/// 記入欄。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// 入力できる文字数の上限（例: 郵便番号の 8）。欄の幅が決まっているときに。
    #[serde(default)]
    pub max_len: Option<u32>,
    /// 欄の id（半角英数字と「_」、例: office_name）。入力できる PDF の欄の名前になり、tebiki fill の値もこの名前で書きます。様式の中で一つずつ。
    pub id: String,
    /// 欄の前に印刷する見出し。入力できる PDF では欄の説明（ツールチップ）にもなります。
    pub label: String,
    /// 欄の種類: text（一行）、multiline（複数行）、date（日付）、checkbox（チェック）、signature（署名）。
    #[serde(default)]
    pub kind: FieldKind,
    /// multiline の欄の行数（標準: 3）。
    #[serde(default)]
    pub lines: Option<u32>,
    /// 行の中での幅の割合（0 より大きく 1 以下）。見出しと空欄を合わせた幅で、0.5 なら行の左半分に見出しと空欄が入り、右半分は空きます。書かなければ行いっぱい。fields で並べるときは合計を 1 以下にします（0.5 と 0.5 で行いっぱい、0.3 と 0.3 なら右の 0.4 は空き）。width を書かない欄は、ほかの欄が取った残りを分けます。入力できる PDF では、空欄より長い値は文字が小さくなって空欄に収まります。
    #[serde(default)]
    pub width: Option<f32>,
    /// 欄の後に印刷する言葉（例: ㊞、歳、名）。
    #[serde(default)]
    pub suffix: String,
    /// 欄の下に小さく印刷する注意書き。
    #[serde(default)]
    pub note: String,
}

/// 選択肢の見せ方。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceStyle {
    /// 選択肢を一列に並べ、それぞれの前に□を印刷する（紙では□に印を付け、入力できる PDF では□を押すとどれか一つだけに✓が付く）。名前は circle ですが、〇で囲むのは文の中の [[id:説明:承認|不承認]] です
    #[default]
    Circle,
    /// 入力できる PDF ではリストから選ぶ欄、紙では空欄
    Combo,
}

/// 選択肢。options か list のどちらか一方を書きます。例: `{id: sex, label: 性別, options: [男, 女]}` は「性別　□男・□女」と印刷され、入力できる PDF ではどちらか一方を選べます（値は 男 か 女）。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceDef {
    /// 欄の id（半角英数字と「_」）。
    pub id: String,
    /// 選択肢の前の見出し（例: 職種）。
    pub label: String,
    /// 選択肢をここに書くとき（例: [承認, 不承認]）。
    #[serde(default)]
    pub options: Vec<String>,
    /// 選択肢を共有リストから取るとき、リストの id（例: professions）。
    #[serde(default)]
    pub list: String,
    /// circle（□を並べて一つを選ぶ、標準）か combo（入力できる PDF ではリストから選ぶ欄、紙では空欄）。
    #[serde(default)]
    pub style: ChoiceStyle,
    /// true にすると、選択肢の後に「その他（　）」の記入欄（<id>_other）を付けます。
    #[serde(default)]
    pub other: bool,
}

/// 空の行のある表。
///
/// 例（二段の見出し、枠の中に印刷しておく言葉、ふりがなの小さな欄、一件を二段で書く表）:
///
/// ```yaml
/// - table:
///     id: patients
///     rows: 5
///     subrows: 2
///     numbered: true
///     columns:
///       - {id: name, label: 氏名, width: 1.5, sub: {id: kana, label: ふりがな, above: true}}
///       - {id: postal_code, label: 郵便番号, prefix: 580-}
///       - {id: start_date, label: 利用開始日, kind: date, sub: {id: pledge_date, label: 誓約書取得日, brackets: （）}}
///       - {id: inviter_office, label: 事業所名, group: グループへ招待した人, split: true}
///       - {id: inviter_name, label: 氏名, group: グループへ招待した人, split: true}
/// ```
///
/// 欄の名前は patients_1_name、patients_1_kana、patients_1_inviter_office_2（1 件目の 2 段目）のようになります。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    /// 表の id。各欄の名前は <id>_<行の番号>_<列のid>（行は 1 から）。
    pub id: String,
    /// 表の題名（例: 利用者）。欄の説明にも使います。
    #[serde(default)]
    pub title: String,
    /// 空の行の数（1 以上）。
    pub rows: u32,
    /// 列（一つ以上）。
    pub columns: Vec<ColumnDef>,
    /// true にすると、最初の列に行の番号を印刷します。
    #[serde(default)]
    pub numbered: bool,
    /// 一件を何段で書くか（標準: 1）。例: `subrows: 3`。split: true の列は段ごとに欄があり（<id>_<行>_<列>_<段>）、ほかの列は段をまたぐ一つの欄です（一人の患者に、グループへ招待した人を三人まで書く台帳など）。
    #[serde(default)]
    pub subrows: Option<u32>,
}

/// 表の列。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    /// 列の id（半角英数字と「_」）。
    pub id: String,
    /// 列の見出し。
    pub label: String,
    /// 欄の種類: text、multiline、date、checkbox、signature。
    #[serde(default)]
    pub kind: FieldKind,
    /// 欄を共有リストから選ぶとき、リストの id（入力できる PDF ではリストから選ぶ欄）。
    #[serde(default)]
    pub list: String,
    /// ほかの列に対する幅の比（標準: 1）。表の幅を列で分けます：2 の列は 1 の列の二倍の幅です。
    #[serde(default)]
    pub width: Option<f32>,
    /// 見出しの上の段にまとめて出す言葉。続く列に同じ group を書くと、二段の見出しになります。例: 二つの列に `group: グループへ招待した人` と書き、label を 事業所名 と 氏名 にすると、上の段に「グループへ招待した人」、その下に「事業所名｜氏名」と並びます。
    #[serde(default)]
    pub group: String,
    /// 枠の中で空欄の前に印刷しておく言葉。例: `prefix: 580-`（郵便番号の決まった部分）、`prefix: 松原市`。
    #[serde(default)]
    pub prefix: String,
    /// 枠の中で空欄の後に印刷する言葉。例: `suffix: 歳`。
    #[serde(default)]
    pub suffix: String,
    /// 表の subrows が 2 以上のとき、段ごとに欄を置く列なら true（書かなければ、段をまたぐ一つの欄）。
    #[serde(default)]
    pub split: bool,
    /// 同じ枠の中のもう一つの小さな欄。例: `sub: {id: kana, label: ふりがな, above: true}`（氏名の上にふりがな）、`sub: {id: pledge_date, label: 誓約書取得日, brackets: （）}`（日付の下に（　　））。欄は <表>_<行>_<sub の id>。
    #[serde(default)]
    pub sub: Option<SubBlank>,
}

/// 表の枠の中のもう一つの小さな欄。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubBlank {
    /// 欄の id（半角英数字と「_」、例: kana）。
    pub id: String,
    /// 欄の説明（ツールチップ。例: ふりがな）。
    pub label: String,
    /// true なら主な欄の上に小さく（ふりがな）、false なら下に（標準）。
    #[serde(default)]
    pub above: bool,
    /// 欄を囲む言葉（例: "（　）"）。一文字目を前に、残りを後に印刷します。
    #[serde(default)]
    pub brackets: String,
}

/// 署名欄。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureDef {
    /// 欄の名前のもと（例: patient）。欄は patient_name、patient_address などになります。
    pub id: String,
    /// 誰の署名か（例: 本人、代理者（代筆の場合）、利用者家族、説明者）。署名欄の見出しとして太字で印刷されるので、同じ言葉の heading を前に書く必要はありません。
    pub title: String,
    /// 並べる行: name（氏名）、address（住所）、relation（続柄）、office（事業所名）、profession（職種）、tel（電話番号）、date（日付）。
    pub lines: Vec<SignatureLine>,
    /// true にすると氏名の後に「印」を印刷します。
    #[serde(default)]
    pub seal: bool,
}

/// 署名欄の行。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignatureLine {
    /// 氏名
    Name,
    /// 住所
    Address,
    /// 続柄
    Relation,
    /// 事業所名
    Office,
    /// 職種
    Profession,
    /// 電話番号
    Tel,
    /// 日付
    Date,
}

impl SignatureLine {
    pub fn id(self) -> &'static str {
        match self {
            SignatureLine::Name => "name",
            SignatureLine::Address => "address",
            SignatureLine::Relation => "relation",
            SignatureLine::Office => "office",
            SignatureLine::Profession => "profession",
            SignatureLine::Tel => "tel",
            SignatureLine::Date => "date",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SignatureLine::Name => "氏名",
            SignatureLine::Address => "住所",
            SignatureLine::Relation => "続柄",
            SignatureLine::Office => "事業所名",
            SignatureLine::Profession => "職種",
            SignatureLine::Tel => "電話番号",
            SignatureLine::Date => "日付",
        }
    }
}

/// 提出先・問い合わせ先の枠。中身は region.yaml から取るので、電話番号が変わっても様式を直す必要はありません。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecipientDef {
    /// 枠の題名（例: 提出先、問い合わせ先）。
    pub title: String,
    /// secretariat（事務局、標準）か、region.yaml の contacts にある窓口の id。
    #[serde(default)]
    pub contact: String,
    /// この様式だけの見出しの言葉（例: {email: E-mail}）。
    #[serde(default)]
    pub labels: super::ContactLabels,
    /// 印刷する行（原本にある行だけ）: name、address、tel、tel_note、fax、email、hours、notes。書かなければ region.yaml にあるものすべて。例: `show: [name, address, tel, fax, email]`（受付時間や留守番電話の案内が原本にないとき）。
    #[serde(default)]
    pub show: Vec<ContactPart>,
}

/// 提出先・問い合わせ先の枠に印刷する行。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactPart {
    /// 名前（と部署）
    Name,
    /// 郵便番号と住所
    Address,
    /// 電話番号
    Tel,
    /// 電話番号に添える一言（留守番電話など）
    TelNote,
    /// FAX 番号
    Fax,
    /// メールアドレス
    Email,
    /// 受付時間
    Hours,
    /// 添える文（notes）
    Notes,
}

/// 共有リストの表（別表）。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListTableDef {
    /// リストの id（content/lists/ のファイル名から .yaml を除いたもの）。
    pub list: String,
    /// 何列に分けて印刷するか（長いリストを一枚に収めるとき）。
    #[serde(default)]
    pub columns: Option<u32>,
}

/// 自由に書く枠。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotesDef {
    /// 欄の id（半角英数字と「_」）。
    pub id: String,
    /// 枠の見出し（例: 備考）。
    pub label: String,
    /// 行数（標準: 3）。
    #[serde(default)]
    pub lines: Option<u32>,
}

/// The names of the fillable fields a form makes, one place for the form
/// builder and the checks: a field's own id, or the names a block derives
/// (`date_year`, `staff_3_name`, `patient_name`, `job_other`).
pub mod field_names {
    use super::{Block, DateLine, Inline, SignatureLine, TableDef, inline};

    /// The id a date line's fields start with (`date` unless given).
    pub fn date_base(d: &DateLine) -> &str {
        if d.id.is_empty() { "date" } else { &d.id }
    }

    /// `date_year`, `date_month`, `date_day`.
    pub fn date_part(base: &str, part: &str) -> String {
        format!("{base}_{part}")
    }

    /// A table cell: `staff_3_name` (rows from 1).
    pub fn cell(table: &str, row: u32, column: &str) -> String {
        format!("{table}_{row}_{column}")
    }

    /// A cell of one of an entry's sub-rows: `groups_2_inviter_office_3`.
    pub fn subcell(table: &str, row: u32, column: &str, sub: u32) -> String {
        format!("{table}_{row}_{column}_{sub}")
    }

    /// The names a table's cells make, row by row: (name, column index,
    /// sub-row (from 1) or None for a cell spanning the entry, sub blank).
    pub fn table_cells(t: &TableDef) -> Vec<(String, usize, Option<u32>, bool)> {
        let subrows = t.subrows.unwrap_or(1).max(1);
        let mut v = Vec::new();
        for r in 1..=t.rows {
            for (j, c) in t.columns.iter().enumerate() {
                if c.split && subrows > 1 {
                    for k in 1..=subrows {
                        v.push((subcell(&t.id, r, &c.id, k), j, Some(k), false));
                    }
                } else {
                    v.push((cell(&t.id, r, &c.id), j, None, false));
                }
                if let Some(sub) = &c.sub {
                    v.push((cell(&t.id, r, &sub.id), j, None, true));
                }
            }
        }
        v
    }

    /// A signature line: `patient_name`.
    pub fn signature(id: &str, line: SignatureLine) -> String {
        format!("{id}_{}", line.id())
    }

    /// The その他（　） blank after a choice's options.
    pub fn other(choice: &str) -> String {
        format!("{choice}_other")
    }

    /// Every field name a block makes, with the path (from the block) of the
    /// id it comes from, for locating a clash.
    pub fn of(block: &Block) -> Vec<(String, String)> {
        match block {
            Block::Field(f) => vec![(f.id.clone(), "field.id".into())],
            Block::Fields(fs) => fs
                .iter()
                .enumerate()
                .map(|(j, f)| (f.id.clone(), format!("fields[{j}].id")))
                .collect(),
            Block::Choice(c) => {
                let mut v = vec![(c.id.clone(), "choice.id".into())];
                if c.other {
                    v.push((other(&c.id), "choice.id".into()));
                }
                v
            }
            Block::Table(t) => table_cells(t)
                .into_iter()
                .map(|(name, j, _, sub)| {
                    let path = if sub {
                        format!("table.columns[{j}].sub.id")
                    } else {
                        format!("table.columns[{j}].id")
                    };
                    (name, path)
                })
                .collect(),
            Block::Signature(s) => s
                .lines
                .iter()
                .map(|l| (signature(&s.id, *l), "signature.id".into()))
                .collect(),
            Block::Signatures(ss) => ss
                .iter()
                .enumerate()
                .flat_map(|(j, s)| {
                    s.lines
                        .iter()
                        .map(move |l| (signature(&s.id, *l), format!("signatures[{j}].id")))
                })
                .collect(),
            Block::Paragraph(t) => inline::parse(t)
                .into_iter()
                .filter_map(|p| match p {
                    Inline::Blank { id, .. } | Inline::Choice { id, .. } => {
                        Some((id, "paragraph".into()))
                    }
                    Inline::Text(_) => None,
                })
                .collect(),
            Block::Notes(n) => vec![(n.id.clone(), "notes.id".into())],
            Block::Date(d) => ["year", "month", "day"]
                .iter()
                .map(|p| (date_part(date_base(d), p), "date".into()))
                .collect(),
            Block::Addressee(a) if !a.field.is_empty() => {
                vec![(a.field.clone(), "addressee.field".into())]
            }
            _ => Vec::new(),
        }
    }
}

/// A part of a paragraph: text, or a blank written in it as `[[id:説明:幅]]`
/// (`[[id:説明:承認|不承認]]` for a choice to circle).
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Blank {
        id: String,
        label: String,
        /// Width in characters (em), when given.
        width: Option<f32>,
    },
    Choice {
        id: String,
        label: String,
        options: Vec<String>,
    },
}

/// Blanks inside a sentence: `令和[[app_year:申込日（年）:2]]年`.
pub mod inline {
    use super::Inline;

    /// The parts of a paragraph. Text that only looks like a blank (no id)
    /// stays text.
    pub fn parse(s: &str) -> Vec<Inline> {
        let mut out = Vec::new();
        let mut rest = s;
        let mut text = String::new();
        while let Some(start) = rest.find("[[") {
            let Some(len) = rest[start + 2..].find("]]") else {
                break;
            };
            let inner = &rest[start + 2..start + 2 + len];
            match token(inner) {
                Some(part) => {
                    text.push_str(&rest[..start]);
                    if !text.is_empty() {
                        out.push(Inline::Text(std::mem::take(&mut text)));
                    }
                    out.push(part);
                }
                None => text.push_str(&rest[..start + 4 + len]),
            }
            rest = &rest[start + 4 + len..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            out.push(Inline::Text(text));
        }
        out
    }

    fn token(inner: &str) -> Option<Inline> {
        let mut parts = inner.splitn(3, [':', '：']);
        let id = parts.next()?.trim().to_string();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let label = parts.next().unwrap_or("").trim().to_string();
        let spec = parts.next().unwrap_or("").trim();
        if spec.contains(['|', '｜']) {
            return Some(Inline::Choice {
                id,
                label,
                options: spec
                    .split(['|', '｜'])
                    .map(|o| o.trim().to_string())
                    .collect(),
            });
        }
        Some(Inline::Blank {
            id,
            label,
            width: spec.parse().ok(),
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn blanks_choices_and_plain_brackets() {
            let p = parse("令和[[y:申込日（年）:2]]年に[[ok:結果:承認|不承認]]。[[注：x]]");
            assert_eq!(p.len(), 5, "{p:?}");
            assert_eq!(
                p[1],
                Inline::Blank {
                    id: "y".into(),
                    label: "申込日（年）".into(),
                    width: Some(2.0)
                }
            );
            assert!(matches!(&p[3], Inline::Choice { options, .. } if options.len() == 2));
            assert_eq!(p[4], Inline::Text("。[[注：x]]".into()));
        }
    }
}
