//! region.yaml -> model, and the model's checks: located diagnostics or a
//! region, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tebiki::diag::Diagnostics;
use tebiki::source::file::SourceFile;
use tebiki::source::yaml::decode;

fuzz_target!(|data: &[u8]| {
    let diags = Diagnostics::new();
    let Some(file) = SourceFile::from_bytes(std::path::Path::new("region.yaml"), data.to_vec(), &diags) else { return };
    let _ = decode::<tebiki::model::Region>(&file, &diags);
    let _ = decode::<tebiki::model::Form>(&file, &diags);
    for d in diags.sorted() {
        let _ = d.render(Some(&file.text));
    }
});
