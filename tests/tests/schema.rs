//! The committed `backend/schema.graphql` (which the SPA's typed client is generated from) must
//! match the server. Fix drift with `cargo xtask schema`.

#[test]
fn committed_schema_matches_the_server() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../backend/schema.graphql");
    let committed = std::fs::read_to_string(path).unwrap();
    assert!(
        committed == tillit::graphql::sdl(),
        "backend/schema.graphql is out of date: run `cargo xtask schema` and commit the result"
    );
}
