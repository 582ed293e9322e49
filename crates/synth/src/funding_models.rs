//! The funding models the demo council loads, embedded in the program (see `build.rs` and
//! `data/funding-models/README.md` for the source and licence).

include!(concat!(env!("OUT_DIR"), "/funding_models.rs"));

/// The id the demo council gives Bristol's model.
pub const BRISTOL_TOPUP_ID: &str = "bristol-topup";

#[cfg(test)]
mod tests {
    use super::*;
    use domain::topup::costing::{SourceFile, load};

    #[test]
    fn the_embedded_model_is_bristols_published_one() {
        let files: Vec<SourceFile> = BRISTOL_TOPUP_FILES
            .iter()
            .map(|(path, bytes)| SourceFile {
                path: (*path).to_owned(),
                bytes: bytes.to_vec(),
            })
            .collect();
        assert_eq!(files.len(), 39);
        let model = load(BRISTOL_TOPUP_ID, &files).unwrap();
        assert_eq!(model.statements().len(), 800);
        assert_eq!(model.provisions().len(), 148);
        assert_eq!(model.codes().len(), 11);
    }
}
