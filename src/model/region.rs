use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Form, Origin, Page, Rule};
use crate::wareki::Date;

/// 一つの地域のネットワーク（content/<地域のid>/region.yaml）。地域の名前・運営・事務局・規則・改正履歴をここに一度だけ書くと、すべてのページと様式がそれを使います。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// 地域の id。フォルダ名と同じ半角英小文字・数字・「-」「_」（例: minato）。URL にもなります。
    pub id: String,
    /// ネットワークの正式な名前（例: みなと市在宅医療介護連携ネットワーク）。
    pub name: String,
    /// 名前のよみがな（ひらがな）。入口のページで名前に添えます。
    #[serde(default)]
    pub reading: String,
    /// 表やメニューで使う短い名前（例: みなと）。書かなければ name を使います。ページでは {{ region.short }} と書くと、これ（なければ name）が出ます。
    #[serde(default)]
    pub short_name: String,
    /// 入口のページで並べる順番（小さいほど先）。
    #[serde(default)]
    pub order: i64,
    /// 手引き全体の題名（例: 「みなとネット」利用の手引き）。書かなければ「name 利用の手引き」。冊子の表紙と各ページの上に出ます。
    #[serde(default)]
    pub handbook_title: String,
    /// 入口のページに出す一、二文の紹介。
    #[serde(default)]
    pub summary: String,
    /// 対象の市町村（例: [みなと市, 東みなと町]）。
    pub area: Vec<String>,
    /// ネットワークを運営する団体。
    pub operator: Operator,
    /// 使っているシステム（MCS、カナミック、ID-Link など）。
    pub platform: Platform,
    /// 事務局：申込みや問い合わせを受ける窓口。様式の提出先・問い合わせ先にも使われます。
    pub secretariat: Contact,
    /// 事務局のほかの窓口（システムの操作の問い合わせ先など）。ページからは {{ contact(id="…") }} で呼びます。
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// 用語の説明。ページからは {{ glossary() }} で表にします。
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
    /// 地域の規則。手引きに書かれた文のまま一つずつ書き、分類（topic）を付けます。規則表と地域の比較はここから作られます。
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// 様式のページで様式を並べる順番（forms/<地域のid>/ にある様式のファイル名から .yaml を除いたもの）。ここにない様式はファイル名の順で後に続きます。
    #[serde(default)]
    pub forms: Vec<String>,
    /// 手引き・運用ルールの改正履歴（制定・改正の日付と内容）。改正履歴のページと附則に使われます。
    #[serde(default)]
    pub revisions: Vec<Revision>,
    /// 手続きの流れの図。ページからは {{ flow(id="…") }} で呼びます。
    #[serde(default)]
    pub flows: Vec<Flow>,
    /// トップページの最初に並べる「目的から探す」（利用を始める、同意書・様式、異動・退職・退会、端末の紛失・事故のとき、問い合わせ）の行き先。書かないものは tebiki が手引きの見出しと規則から選びます。
    #[serde(default)]
    pub tasks: Tasks,

    #[serde(skip)]
    pub pages: Vec<Page>,
    #[serde(skip)]
    pub form_defs: Vec<Form>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Region {
    pub fn short(&self) -> &str {
        if self.short_name.is_empty() {
            &self.name
        } else {
            &self.short_name
        }
    }

    /// The handbook's title as a whole; the region's name + 利用の手引き when
    /// region.yaml gives none.
    pub fn handbook_title(&self) -> String {
        if self.handbook_title.is_empty() {
            format!("{} 利用の手引き", self.name)
        } else {
            self.handbook_title.clone()
        }
    }

    pub fn page(&self, slug: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.slug == slug)
    }

    pub fn form(&self, id: &str) -> Option<&Form> {
        self.form_defs.iter().find(|f| f.id == id)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Published pages in table-of-contents order.
    pub fn published_pages(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(|p| !p.meta.draft)
    }
}

/// ネットワークを運営する団体。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// 団体の名前（例: みなと市医師会）。冊子の表紙と様式の宛先に使われます。
    pub name: String,
    /// 団体の種類（協議会、医師会、市 など）。
    #[serde(default)]
    pub kind: String,
}

/// 使っている情報共有システム。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// システムの名前（例: メディカルケアステーション）。
    pub name: String,
    /// 略称（例: MCS）。
    #[serde(default)]
    pub short: String,
    /// 提供する会社（例: エンブレース株式会社）。
    #[serde(default)]
    pub vendor: String,
    /// システムの種類（完全非公開型SNS、情報共有システム など）。
    #[serde(default)]
    pub kind: String,
    /// システムのウェブサイト（https://…）。
    #[serde(default)]
    pub url: String,
}

/// 問い合わせ先：事務局やほかの窓口。電話番号などは様式の提出先にもそのまま使われます。
#[derive(Debug, Clone, Deserialize, Serialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// 窓口の id（半角英小文字、例: vendor）。contacts に書く窓口には必要です。事務局（secretariat）には要りません。
    #[serde(default)]
    pub id: String,
    /// 何を問い合わせる窓口か（例: システムの操作について）。
    #[serde(default)]
    pub role: String,
    /// 窓口の名前（例: みなと市在宅医療・介護連携支援センター）。
    pub name: String,
    /// 部署名（例: 地域医療課）。
    #[serde(default)]
    pub department: String,
    /// 郵便番号（例: 123-4567）。「〒」は tebiki が付けるので書きません。
    #[serde(default)]
    pub postal_code: String,
    /// 住所。
    #[serde(default)]
    pub address: String,
    /// 電話番号（例: 0123-45-6789）。ページでは押すと電話をかけられます。
    #[serde(default)]
    pub tel: String,
    /// 電話番号のすぐ後に添える一言（例: （不在の場合は留守番電話になります。））。
    #[serde(default)]
    pub tel_note: String,
    /// FAX 番号。
    #[serde(default)]
    pub fax: String,
    /// メールアドレス。
    #[serde(default)]
    pub email: String,
    /// ウェブサイト（https://…）。
    #[serde(default)]
    pub url: String,
    /// 受付時間（例: 平日 8:30〜17:15）。
    #[serde(default)]
    pub hours: String,
    /// 窓口について添える文。一つの文を一行に。
    #[serde(default)]
    pub notes: Vec<String>,
    /// 見出しの言葉を地域の言い方に変えるとき（例: tel: 電話番号）。書かない見出しは 住所・TEL・FAX・E-mail・受付時間 です。
    #[serde(default)]
    pub labels: ContactLabels,
}

/// 問い合わせ先の見出しの言葉。空のものは標準の言葉（住所、TEL、FAX、E-mail、受付時間）になります。
#[derive(Debug, Clone, Deserialize, Serialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactLabels {
    /// 書くと、名前の前に一行「この見出し：名前」を出します（例: 名称）。
    #[serde(default)]
    pub name: String,
    /// 書くと、郵便番号を住所の前ではなくこの見出しの行に出します（例: 郵便番号）。
    #[serde(default)]
    pub postal_code: String,
    /// 住所の見出し（標準: 住所）。
    #[serde(default)]
    pub address: String,
    /// 電話番号の見出し（標準: TEL）。
    #[serde(default)]
    pub tel: String,
    /// FAX 番号の見出し（標準: FAX）。
    #[serde(default)]
    pub fax: String,
    /// メールアドレスの見出し（標準: E-mail）。
    #[serde(default)]
    pub email: String,
    /// 受付時間の見出し（標準: 受付時間）。
    #[serde(default)]
    pub hours: String,
}

impl ContactLabels {
    /// The labels with the defaults filled in: one place for both the
    /// site's contact blocks and the forms' recipient blocks.
    pub fn resolved(&self) -> ContactLabels {
        self.over(&ContactLabels::default())
    }

    /// These labels where given, else `base`'s, else the defaults.
    pub fn over(&self, base: &ContactLabels) -> ContactLabels {
        let pick = or;
        let merged = ContactLabels {
            name: pick(&self.name, &base.name),
            postal_code: pick(&self.postal_code, &base.postal_code),
            address: pick(&self.address, &base.address),
            tel: pick(&self.tel, &base.tel),
            fax: pick(&self.fax, &base.fax),
            email: pick(&self.email, &base.email),
            hours: pick(&self.hours, &base.hours),
        };
        merged.with_defaults()
    }

    fn with_defaults(&self) -> ContactLabels {
        ContactLabels {
            name: self.name.clone(),
            postal_code: self.postal_code.clone(),
            address: or(&self.address, "住所"),
            tel: or(&self.tel, "TEL"),
            fax: or(&self.fax, "FAX"),
            email: or(&self.email, "E-mail"),
            hours: or(&self.hours, "受付時間"),
        }
    }
}

/// `v`, or `d` when `v` is empty.
fn or(v: &str, d: &str) -> String {
    if v.is_empty() { d } else { v }.to_string()
}

/// 用語と説明。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    /// 用語（例: 患者グループ）。
    pub term: String,
    /// よみがな（ひらがな）。全地域の用語集の並びに使います。
    #[serde(default)]
    pub reading: String,
    /// 説明の文。
    pub definition: String,
}

/// 改正の種類。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    /// 制定・施行
    Enacted,
    /// 改正・改定
    Revised,
    /// 一部改正
    PartlyRevised,
    /// 全部改正
    WhollyRevised,
}

impl RevisionKind {
    pub fn label(self) -> &'static str {
        match self {
            RevisionKind::Enacted => "制定・施行",
            RevisionKind::Revised => "改正",
            RevisionKind::PartlyRevised => "一部改正",
            RevisionKind::WhollyRevised => "全部改正",
        }
    }
}

/// 改正履歴の一件：いつ、何を、どう改めたか。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// 日付（例: 令和6年10月1日、2024-10-01、R6.10.1）。
    pub date: Date,
    /// 改正の種類: enacted（制定・施行）、revised（改正）、partly_revised（一部改正）、wholly_revised（全部改正）。
    pub kind: RevisionKind,
    /// 手引きが使う言葉が種類の名前と違うとき（例: 改定、施行）。
    #[serde(default)]
    pub label: String,
    /// 改めた文書の名前（例: 運用ルール）。
    #[serde(default)]
    pub document: String,
    /// 決めた会議（例: 運営委員会）。
    #[serde(default)]
    pub body: String,
    /// 附則に出す文（例: この規約は、{date}から施行する。）。{date} は日付の和暦になります。ページの {{ revisions() }} は page のない改正すべてを、{{ revisions(page="policy") }} はそのページの改正だけを出します。
    #[serde(default)]
    pub summary: String,
    /// 一つのページだけの改正のとき、そのページの名前（content/<地域>/ の .md ファイル名から .md を除いたもの）。
    #[serde(default)]
    pub page: String,
    /// その時点の原稿が入っている git のタグかコミット。続く二つの改正に書くと、改正履歴のページに新旧対照表が付きます。
    #[serde(default)]
    pub git_ref: String,
}

impl Revision {
    pub fn label(&self) -> &str {
        if self.label.is_empty() {
            self.kind.label()
        } else {
            &self.label
        }
    }
}

/// 手続きの流れの図：登場する人・機関と、その間の番号付きの手順。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// 図の id（半角英小文字、例: consent-flow）。ページからは {{ flow(id="consent-flow") }} で呼びます。
    pub id: String,
    /// 図の題名。
    pub title: String,
    /// 登場する人・機関。左から順に並びます。
    pub actors: Vec<FlowActor>,
    /// 手順。上から順に矢印で描きます。
    pub steps: Vec<FlowStep>,
    /// 図の下に添える文。
    #[serde(default)]
    pub notes: Vec<String>,
}

/// 図に登場する人・機関。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowActor {
    /// id（半角英小文字、例: family）。手順の from・to で使います。
    pub id: String,
    /// 図に書く名前（例: 本人・家族）。
    pub label: String,
    /// 名前の下の二行目（例: （招待できる人））。
    #[serde(default)]
    pub note: String,
}

/// 図の手順の一つ：from から to への矢印。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowStep {
    /// 手順の番号（①、STEP1 など、手引きのとおり）。
    #[serde(default)]
    pub number: String,
    /// 矢印の元（actors の id）。
    pub from: String,
    /// 矢印の先（actors の id）。
    pub to: String,
    /// 矢印に書く言葉（例: 説明・同意）。
    pub label: String,
    /// 補足（例: 2週間程度）。
    #[serde(default)]
    pub note: String,
}

/// トップページの「目的から探す」の行き先。どれも、ページの中のリンクと同じ書き方（procedures.md#registration、rules.html#topic-device_loss、https://…）です。書かないものは次のように選びます：見出しやページの題名にその手続きの言葉（利用開始・申込、異動・退職・退会、紛失・盗難・事故 など）があればそこ、なければその分類の規則がある場所。
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tasks {
    /// 「利用を始める」の行き先（例: procedures.md#registration）。
    #[serde(default)]
    pub start: String,
    /// 「同意書・様式」の行き先。書かなければ様式のページ。様式をこのサイトに置かない地域は、様式を配っているページ（https://…）を書きます。
    #[serde(default)]
    pub forms: String,
    /// 「異動・退職・退会」の行き先（例: transfer.md）。
    #[serde(default)]
    pub leave: String,
    /// 「端末の紛失・事故のとき」の行き先（例: operation-rules.md#device-loss）。
    #[serde(default)]
    pub incident: String,
    /// 「問い合わせ」の行き先。書かなければ問い合わせ先のページ。事務局の電話番号は、押すと電話をかけられるボタンとして並べます。
    #[serde(default)]
    pub contact: String,
}
