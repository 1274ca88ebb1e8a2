//! Form YAML -> form data -> Typst layout of the bundled theme: a PDF or
//! located diagnostics, never a panic.
#![no_main]
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use tebiki::diag::Diagnostics;
use tebiki::commands::{History, prepare};
use tebiki::render::RenderCtx;
use tebiki::render::pdf::forms::Forms;
use tebiki::write::cache::Cache;
use tebiki::source::file::SourceFile;
use tebiki::source::yaml::decode;

fn setup() -> &'static (Arc<RenderCtx>, Forms) {
    static S: OnceLock<(Arc<RenderCtx>, Forms)> = OnceLock::new();
    S.get_or_init(|| {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let env = prepare(&root, &Diagnostics::new(), Cache::disabled(), History::Skip).expect("the bundled project loads");
        let forms = Forms::load(&env).expect("fonts");
        (env, forms)
    })
}

fuzz_target!(|data: &[u8]| {
    let diags = Diagnostics::new();
    let Some(file) = SourceFile::from_bytes(std::path::Path::new("forms/inabe/f.yaml"), data.to_vec(), &diags) else { return };
    let Some((mut form, _)) = decode::<tebiki::model::Form>(&file, &diags) else { return };
    form.id = "f".into();
    let (env, forms) = setup();
    let _ = forms.render(env.region(0), &form);
});
