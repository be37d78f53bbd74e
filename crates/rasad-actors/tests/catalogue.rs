use rasad_actors::Catalogue;

#[test]
fn embedded_catalogue_validates() {
    let cat = Catalogue::load_embedded().expect("embedded data loads");
    let problems = cat.validate();
    for p in &problems {
        eprintln!("{p}");
    }
    assert!(problems.is_empty(), "{} validation problems", problems.len());
}
