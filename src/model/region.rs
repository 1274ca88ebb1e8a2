use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Form, Origin, Page, Rule};
use crate::wareki::Date;

/// 一つの地域のネットワーク（content/<地域のid>/region.yaml）。地域の名前・運営・事務局・規則・改正履歴をここに一度だけ書くと、すべてのページと様式がそれを使います。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// 地域の id。フォルダ名と同じ半角英小文字・数字・「-」「_」（例: minato）。URL にもなります。search・compare・static はサイトのフォルダの名前なので使えません。
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
    /// 地域が配っている文書（運用ポリシー、細則、留意事項、質疑応答集 …）が、それぞれ別に版を重ねるとき、その文書と版。ページは先頭の設定の document でどれかの文書に属します。
    #[serde(default)]
    pub documents: Vec<Document>,
    /// 地域のファイル（content/<地域>/files/ に置いた PDF・Word・Excel など）の題名と説明。そのままサイトに置かれ、資料の一覧と検索に出ます。ここに書かないファイルもファイル名で一覧に出ます。
    #[serde(default)]
    pub files: Vec<FileEntry>,
    /// 規則の分類ごとの、比較表での扱い：手元の文書が一部だけのとき、当てはまらない分類があるとき。
    #[serde(default)]
    pub coverage: Coverage,
    /// ネットワークの形（患者ごとのグループで投稿し合う形か、病院が情報を開示して他の施設が見る形か）、参加・開示している施設、費用、使える端末。地域のページと比較表に出ます。
    #[serde(default)]
    pub network: Option<Network>,
    /// トップページの最初に並べる「目的から探す」（利用を始める、同意書・様式、異動・退職・退会、端末の紛失・事故のとき、問い合わせ）の行き先。書かないものは tebiki が手引きの見出しと規則から選びます。
    #[serde(default)]
    pub tasks: Tasks,

    #[serde(skip)]
    pub pages: Vec<Page>,
    #[serde(skip)]
    pub form_defs: Vec<Form>,
    /// The files under content/<region>/files/, as the loader found them.
    #[serde(skip)]
    pub attachments: Vec<Attachment>,
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

    /// The document a page belongs to (its front matter names a document's
    /// id).
    pub fn document_of(&self, page: &Page) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == page.meta.document)
    }

    /// When a page's text was last changed, and the edition it is in, by
    /// what the sources say: its own `updated`, its document's current
    /// edition, the newest revision naming it, the handbook's newest
    /// revision, else the last commit of its file.
    pub fn page_date<'a>(&'a self, page: &'a Page) -> Option<(Date, &'a str)> {
        if let Some(d) = page.meta.updated {
            return Some((d, ""));
        }
        if let Some(e) = self
            .document_of(page)
            .and_then(|d| d.current_for(&page.slug))
        {
            return Some((e.date, &e.edition));
        }
        let named = page
            .meta
            .revisions
            .iter()
            .chain(self.revisions.iter().filter(|r| r.page == page.slug))
            .max_by_key(|r| r.date);
        // The handbook's own revisions date every page they do not name.
        let handbook = || {
            self.revisions
                .iter()
                .filter(|r| r.page.is_empty())
                .max_by_key(|r| r.date)
        };
        if let Some(r) = named.or_else(handbook) {
            return Some((r.date, &r.edition));
        }
        page.committed.map(|d| (d, ""))
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
    /// 版の呼び方（例: 2017/7/26版、Ver.1、第3版）。改正履歴と冊子の表紙に出ます。
    #[serde(default)]
    pub edition: String,
    /// 何を改めたか（例: 第3条のパスワードの変更の頻度を改めた）。改正履歴に出ます。
    #[serde(default)]
    pub changes: String,
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

/// 地域が配っている文書の一つ。版（editions）を重ねます。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// 文書の id（半角英小文字、例: policy）。ページの先頭の設定で document: policy と書くと、そのページはこの文書に属します。
    pub id: String,
    /// 文書の名前（例: 運用ポリシー）。
    pub title: String,
    /// 版。制定から順に、改正のたびに一つ（書く順は問いません）。最新の版が「現行」になり、この文書のページの最終更新日になります。
    #[serde(default)]
    pub editions: Vec<Revision>,
    /// 地域が配っているこの文書のファイル（files/ の中のファイル名、例: policy.pdf）。
    #[serde(default)]
    pub file: String,
    /// 手元にあるのが一部だけのとき true（「一部のみ収録」と表示します）。
    #[serde(default)]
    pub partial: bool,
    /// 補足（例: 第5章以降は入手できていません）。
    #[serde(default)]
    pub note: String,
}

impl Document {
    /// The newest edition; of two on the same day, the one written later.
    pub fn current(&self) -> Option<&Revision> {
        self.editions.iter().max_by_key(|e| e.date)
    }

    /// The newest edition that changed the page `slug`: editions naming
    /// no page change them all, a 差し替え edition naming a page only it.
    pub fn current_for(&self, slug: &str) -> Option<&Revision> {
        self.editions
            .iter()
            .filter(|e| e.page.is_empty() || e.page == slug)
            .max_by_key(|e| e.date)
    }
}

/// 地域のファイルの題名と説明。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// files/ の中のファイル名（例: policy.pdf、forms/申請書.xlsx）。
    pub file: String,
    /// 一覧と検索に出す題名（例: 運用ポリシー（全文））。
    pub title: String,
    /// 補足（例: 印刷して記入してください）。
    #[serde(default)]
    pub note: String,
}

/// A file under content/<region>/files/, found by the loader.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Attachment {
    /// Inside files/, with `/` (`forms/申請書.xlsx`).
    pub name: String,
    /// Where it is, from the project root.
    pub source: std::path::PathBuf,
    pub size: u64,
}

/// 規則の分類ごとの比較表での扱い。規則のない分類は、ふつう「定めなし」と表示します。
#[derive(Debug, Clone, Deserialize, Serialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    /// 手元の文書が一部だけのとき true：規則が一つもない分類は「定めなし」ではなく「未収録」と表示します（規則のある分類は手元にあるものとして、書かれていない値は「定めなし」）。
    #[serde(default)]
    pub partial: bool,
    /// この地域には当てはまらない分類（「該当なし」と表示）。例: [{topic: hours, note: 病院が公開し、ほかの施設は見るだけのため}]
    #[serde(default)]
    pub not_applicable: Vec<TopicNote>,
    /// 手元の文書にない分類（「未収録」と表示）。partial のときは書かなくてもかまいません。
    #[serde(default)]
    pub missing: Vec<TopicNote>,
}

/// 分類と、その理由。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicNote {
    /// 分類の id（content/topics.yaml の id）。
    pub topic: String,
    /// 理由や補足。比較表の欄に添えます。
    #[serde(default)]
    pub note: String,
}

/// ネットワークの形。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// 連携の形: chat_groups（患者ごとのグループで関係者が投稿し合う）、disclosure（病院などが診療情報を開示し、ほかの施設が見る）、mixed（両方）、other。
    pub model: NetworkModel,
    /// 範囲（例: 県全体、市内、郡内）。
    #[serde(default)]
    pub scope: String,
    /// しくみの説明（一、二文）。
    #[serde(default)]
    pub description: String,
    /// 対象となる患者（例: 開示する病院で同意した患者）。
    #[serde(default)]
    pub patients: String,
    /// 開示・共有される情報（例: [処方, 検査結果, 画像, 退院時サマリー]）。
    #[serde(default)]
    pub shared: Vec<String>,
    /// 参加・開示している施設と、始めた時期。
    #[serde(default)]
    pub institutions: Vec<Institution>,
    /// 費用。無料のときは {who: 全施設, per: none} のように書きます。
    #[serde(default)]
    pub fees: Vec<Fee>,
    /// 使える端末と条件。
    #[serde(default)]
    pub devices: Vec<Device>,
    /// 端末のほかの条件（例: [施設ごとのクライアント証明書, VPN]）。
    #[serde(default)]
    pub requirements: Vec<String>,
}

/// 連携の形。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NetworkModel {
    /// 患者ごとのグループで関係者が投稿し合う（MCS など）
    ChatGroups,
    /// 病院などが診療情報を開示し、ほかの施設が見る（ID-Link など）
    Disclosure,
    /// 両方
    Mixed,
    /// そのほか
    Other,
}

impl NetworkModel {
    pub fn label(self) -> &'static str {
        match self {
            NetworkModel::ChatGroups => "患者ごとのグループで共有",
            NetworkModel::Disclosure => "病院などが開示し、ほかの施設が閲覧",
            NetworkModel::Mixed => "グループでの共有と、情報の開示",
            NetworkModel::Other => "そのほか",
        }
    }
}

/// 参加・開示している施設。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// 施設の名前。
    pub name: String,
    /// 役割: discloses（情報を開示する）、views（閲覧する）、both（両方）。
    #[serde(default)]
    pub role: InstitutionRole,
    /// 始めた時期（例: 平成27年12月、令和元年度）。
    #[serde(default)]
    pub since: Option<Date>,
    /// 補足（例: 準備中）。
    #[serde(default)]
    pub note: String,
}

/// 施設の役割。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionRole {
    /// 情報を開示する
    Discloses,
    /// 閲覧する
    #[default]
    Views,
    /// 開示も閲覧もする
    Both,
}

impl InstitutionRole {
    pub fn label(self) -> &'static str {
        match self {
            InstitutionRole::Discloses => "開示",
            InstitutionRole::Views => "閲覧",
            InstitutionRole::Both => "開示・閲覧",
        }
    }
}

/// 費用の一つ。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// どの参加者についての費用か（例: 診療所、薬局、介護事業所、全施設）。払う人が参加者と違うときは payer に書きます。
    pub who: String,
    /// 金額（円、税込み）。無料なら書かずに per: none。金額が決まっていない（「電子カルテにより異なる」など）ときは書かずに note に書きます。
    #[serde(default)]
    pub amount: Option<u32>,
    /// いつ払うか: year（年ごと）、month（月ごと）、once（初めに一度）、none（無料）。
    pub per: FeePeriod,
    /// 払う人: facility（施設）、user（利用者個人）、patient（患者）、other。
    #[serde(default)]
    pub payer: Payer,
    /// 補足（例: 5月に請求、月割りなし）。費用の行の後ろに（　）で付きます。
    #[serde(default)]
    pub note: String,
}

/// 費用の払い方。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeePeriod {
    /// 年ごと
    Year,
    /// 月ごと
    Month,
    /// 初めに一度
    Once,
    /// 無料
    None,
}

/// 費用を払う人。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Payer {
    /// 施設
    #[default]
    Facility,
    /// 利用者個人
    User,
    /// 患者
    Patient,
    /// そのほか
    Other,
}

impl Fee {
    /// 「診療所 12,000円／年（4月から翌年3月までの1年分）」: one line with
    /// its note, so that a note never stands apart from its fee.
    pub fn text(&self) -> String {
        let amount = |n: u32| {
            let s = n.to_string();
            let mut out = String::new();
            for (i, c) in s.chars().enumerate() {
                if i > 0 && (s.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
            format!("{out}円")
        };
        let money = match (self.per, self.amount) {
            (FeePeriod::None, _) | (_, Some(0)) => "無料".to_string(),
            (FeePeriod::Year, Some(n)) => format!("{}／年", amount(n)),
            (FeePeriod::Month, Some(n)) => format!("{}／月", amount(n)),
            (FeePeriod::Once, Some(n)) => format!("{}（初回のみ）", amount(n)),
            // The amount is not a number the source gives (it may say
            // 「電子カルテの種類により異なります」 in the note).
            (FeePeriod::Year, None) => "年ごとに有料".to_string(),
            (FeePeriod::Month, None) => "月ごとに有料".to_string(),
            (FeePeriod::Once, None) => "初回に費用あり".to_string(),
        };
        let free = money == "無料";
        let payer = match self.payer {
            _ if free => "",
            Payer::Facility | Payer::Other => "",
            Payer::User => "（個人負担）",
            Payer::Patient => "（患者負担）",
        };
        let note = if self.note.is_empty() {
            String::new()
        } else {
            format!("（{}）", self.note)
        };
        format!("{} {money}{payer}{note}", self.who)
    }
}

/// 使える端末。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// 端末・OS の名前（例: Windows、iPad、iPhone、Android、Mac）。
    pub name: String,
    /// 必要な版（例: 10 以降、iPadOS 15 以降）。
    #[serde(default)]
    pub version: String,
    /// 使えるかどうか: 使えないものを書くときは false。
    #[serde(default = "yes")]
    pub allowed: bool,
    /// 補足。
    #[serde(default)]
    pub note: String,
}

fn yes() -> bool {
    true
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(yaml: &str) -> String {
        serde_yaml::from_str::<Fee>(yaml).unwrap().text()
    }

    #[test]
    fn a_fee_reads_as_one_line_with_its_note() {
        assert_eq!(
            fee("{who: 診療所, amount: 12000, per: year, note: 月割りなし}"),
            "診療所 12,000円／年（月割りなし）"
        );
        // Free is free, whoever would have paid.
        assert_eq!(fee("{who: 患者, per: none, payer: patient}"), "患者 無料");
        assert_eq!(
            fee("{who: 開示病院, per: once, note: 電子カルテの種類により異なります}"),
            "開示病院 初回に費用あり（電子カルテの種類により異なります）"
        );
        assert_eq!(
            fee("{who: 利用者, amount: 500, per: month, payer: user}"),
            "利用者 500円／月（個人負担）"
        );
    }
}
