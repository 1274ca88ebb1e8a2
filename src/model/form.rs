//! A form (様式) as data: a list of blocks that one Typst template lays out.

use serde::{Deserialize, Serialize};

use super::Origin;

/// `forms/<region>/<id>.yaml`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// The file name without `.yaml`; the PDF is `<region>/forms/<id>.pdf`.
    #[serde(skip_deserializing)]
    pub id: String,
    /// As printed: 様式２, 別紙様式1, 参考様式1, 様式4-1.
    pub number: String,
    pub title: String,
    /// What the form is for, one sentence, shown on the forms page.
    pub purpose: String,
    pub kind: FormKind,
    /// Written by tebiki from what the handbook says the form must contain,
    /// not printed by the region: shown as 参考様式（作成例）.
    #[serde(default)]
    pub example: bool,
    /// Who fills it in and where it goes (shown on the forms page).
    #[serde(default)]
    pub submit_to: String,
    #[serde(with = "serde_yaml::with::singleton_map_recursive")]
    pub blocks: Vec<Block>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
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
    /// 説明書・掲示物 (text only)
    Handout,
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
        }
    }
}

/// One block of a form, written in YAML as a one-key mapping
/// (`- title: 個人情報使用同意書`) or a bare word (`- ki`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// Form number label at the top right: ＜様式２＞
    Label(String),
    Title(String),
    /// A line under the title, e.g. （患者様あるいは患者御家族様用）
    Subtitle(String),
    /// A date line with blanks to fill: 令和　年　月　日
    Date(DateLine),
    /// 宛先: … 殿 / 様
    Addressee(Addressee),
    Heading(String),
    /// Paragraph text; inline `**bold**` only. `{{ region.… }}` values allowed.
    Paragraph(String),
    /// Text aligned right (e.g. a signature line caption).
    Right(String),
    /// Numbered clauses (１　… ２　…) or a list with the given marks.
    Clauses(Clauses),
    /// 記, centred.
    Ki,
    /// 以上, right.
    End,
    /// One labelled field on its own line.
    Field(FieldDef),
    /// Several labelled fields on one line.
    Fields(Vec<FieldDef>),
    /// Circle-one choices or a drop-down of a shared list.
    Choice(ChoiceDef),
    /// A table with blank rows (staff lists, ledgers).
    Table(TableDef),
    /// 本人 / 代理者 / 家族: name, address, relation, seal.
    Signature(SignatureDef),
    /// 提出先 / 問い合わせ先, filled from region.yaml.
    Recipient(RecipientDef),
    /// 事業所保管 / 本人控え
    Storage(String),
    /// A shared list printed as a table (別表).
    ListTable(ListTableDef),
    /// A box of free text to write in (備考, 理由).
    Notes(NotesDef),
    PageBreak,
    /// Vertical space, in lines.
    Space(f32),
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DateLine {
    /// `reiwa` prints 令和　年　月　日; `plain` prints 年　月　日.
    #[serde(default)]
    pub style: DateStyle,
    /// Field id; defaults to `date`.
    #[serde(default)]
    pub id: String,
    /// Text before the date (申込日, 提出日).
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub align: Align,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DateStyle {
    #[default]
    Reiwa,
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Center,
    #[default]
    Right,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Addressee {
    /// Printed name; empty with `field` set for a blank to fill.
    #[serde(default)]
    pub text: String,
    /// Take the name from region data: `operator` or `secretariat`.
    #[serde(default)]
    pub from: String,
    /// Field id for a blank addressee (（事業所名）…).
    #[serde(default)]
    pub field: String,
    /// Caption before the blank: （管理者氏名）
    #[serde(default)]
    pub label: String,
    /// 殿 / 様 / 宛
    #[serde(default)]
    pub suffix: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Clauses {
    /// Marks as printed, one per item (１, ２ … or (1), (2) …); empty for
    /// full-width numbers from 1.
    #[serde(default)]
    pub marks: Vec<String>,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    #[default]
    Text,
    /// Several lines of text.
    Multiline,
    /// A date written as text.
    Date,
    /// A box to tick (該当者に○, 管理者).
    Checkbox,
    /// Where a person signs by hand.
    Signature,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// Stable ASCII id: the AcroForm field name (`office_name`).
    pub id: String,
    /// The label printed before the blank and used as the tooltip.
    pub label: String,
    #[serde(default)]
    pub kind: FieldKind,
    /// Lines for a multi-line field.
    #[serde(default)]
    pub lines: Option<u32>,
    /// Width as a share of the line (0.0–1.0); default fills the line.
    #[serde(default)]
    pub width: Option<f32>,
    /// Text printed after the blank (㊞, 歳, 名).
    #[serde(default)]
    pub suffix: String,
    /// Text printed in small type under the blank.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceStyle {
    /// Options printed in a row, one to circle; a checkbox over each.
    #[default]
    Circle,
    /// A drop-down list (combo box) on screen; a blank on paper.
    Combo,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceDef {
    pub id: String,
    pub label: String,
    /// Options written here…
    #[serde(default)]
    pub options: Vec<String>,
    /// …or taken from a shared list (`content/lists/<id>.yaml`).
    #[serde(default)]
    pub list: String,
    #[serde(default)]
    pub style: ChoiceStyle,
    /// A free-text "その他（　）" blank after the options.
    #[serde(default)]
    pub other: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    /// Field ids of cells are `<id>_<row>_<column id>`, rows from 1.
    pub id: String,
    #[serde(default)]
    pub title: String,
    pub rows: u32,
    pub columns: Vec<ColumnDef>,
    /// Print row numbers in a first column.
    #[serde(default)]
    pub numbered: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub kind: FieldKind,
    /// Cells choose from a shared list (a combo box on screen).
    #[serde(default)]
    pub list: String,
    /// Relative width (default 1).
    #[serde(default)]
    pub width: Option<f32>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureDef {
    /// Field id prefix (`patient`): fields are `patient_name` …
    pub id: String,
    /// 本人 / 代理者（代筆の場合） / 利用者家族 / 説明者
    pub title: String,
    /// Which lines: name, address, relation, office, date, tel.
    pub lines: Vec<SignatureLine>,
    /// Print 印 after the name (many bodies dropped seals in 2020–21).
    #[serde(default)]
    pub seal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureLine {
    Name,
    Address,
    Relation,
    Office,
    Profession,
    Tel,
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientDef {
    /// 提出先 / 問い合わせ先
    pub title: String,
    /// `secretariat` (default) or the id of another contact.
    #[serde(default)]
    pub contact: String,
    /// Labels for this form only, over the contact's own (a form may print
    /// E-mail where the handbook says Eメール).
    #[serde(default)]
    pub labels: super::ContactLabels,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ListTableDef {
    pub list: String,
    /// Columns to print the list in (long lists fit on one page).
    #[serde(default)]
    pub columns: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NotesDef {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub lines: Option<u32>,
}
