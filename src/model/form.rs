//! A form (様式) as data: a list of blocks that one Typst template lays out.
//! The doc comments here are the reference authors read (docs/reference.md
//! is generated from them): Japanese, with an example for every block.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Origin;

/// 様式一つ（forms/<地域のid>/<様式のid>.yaml）。様式は絵ではなくデータです：上から順に並べた部品（blocks）を、テーマの Typst テンプレートが A4 に組みます。入力できる PDF（欄つき）と印刷用 PDF ができます。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// The file name without `.yaml`; the PDF is `<region>/forms/<id>.pdf`.
    #[serde(skip_deserializing)]
    pub id: String,
    /// 様式の番号（手引きのとおり、例: 様式２、別紙様式1、参考様式1）。様式のページに出ます。用紙の右上にも出すには label の部品を書きます。
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
    /// 本文の段落。**太字** と {{ region.secretariat.tel }} のような地域の値を使えます。例: `- paragraph: 私は、下記の事項を守ります。`
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
    /// 一行に並べた記入欄。例: `- fields: [{id: tel, label: 電話番号, width: 0.5}, {id: fax, label: FAX, width: 0.5}]`
    Fields(Vec<FieldDef>),
    /// 〇で囲む選択肢、または共有リストからの選択。例: `- choice: {id: profession, label: 職種, list: professions, style: combo}`
    Choice(ChoiceDef),
    /// 空の行のある表（職員の一覧、台帳）。欄は <id>_<行>_<列のid>。例: `- table: {id: staff, rows: 5, columns: [{id: name, label: 氏名}, {id: email, label: メールアドレス}]}`
    Table(TableDef),
    /// 署名欄（本人・代理人・家族・説明者）。欄は <id>_name など。例: `- signature: {id: patient, title: 本人, lines: [name, address]}`
    Signature(SignatureDef),
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
    /// 行の中での幅（0 より大きく 1 以下、例: 0.5 は半分）。書かなければ行いっぱい。fields で並べるときは合計が 1 以下に。
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
    /// 選択肢を一列に印刷し、一つを〇で囲む（入力できる PDF ではどれか一つを選ぶボタン）
    #[default]
    Circle,
    /// 入力できる PDF ではリストから選ぶ欄、紙では空欄
    Combo,
}

/// 選択肢。options か list のどちらか一方を書きます。
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
    /// circle（〇で囲む）か combo（リストから選ぶ）。
    #[serde(default)]
    pub style: ChoiceStyle,
    /// true にすると、選択肢の後に「その他（　）」の記入欄（<id>_other）を付けます。
    #[serde(default)]
    pub other: bool,
}

/// 空の行のある表。
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
    /// ほかの列に対する幅の比（標準: 1、例: 2 は二倍の幅）。
    #[serde(default)]
    pub width: Option<f32>,
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
    use super::{Block, DateLine, SignatureLine};

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
            Block::Table(t) => (1..=t.rows)
                .flat_map(|r| {
                    t.columns.iter().enumerate().map(move |(j, c)| {
                        (cell(&t.id, r, &c.id), format!("table.columns[{j}].id"))
                    })
                })
                .collect(),
            Block::Signature(s) => s
                .lines
                .iter()
                .map(|l| (signature(&s.id, *l), "signature.id".into()))
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
