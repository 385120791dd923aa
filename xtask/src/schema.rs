//! `cargo xtask schema`: regenerates the committed GraphQL contract, `backend/schema.graphql`
//! (a test fails when it drifts from the server), and the SPA's typed client generated from it.

use anyhow::{Context, Result};

use crate::util;

pub fn main() -> Result<()> {
    let sdl = util::stdout(
        "print the schema",
        util::cargo().args(["run", "--quiet", "--package", "tillit", "--", "schema"]),
    )?;
    let path = util::root().join("backend/schema.graphql");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    if old == sdl {
        println!("backend/schema.graphql is unchanged");
    } else {
        std::fs::write(&path, &sdl).with_context(|| format!("writing {}", path.display()))?;
        println!("backend/schema.graphql updated");
    }

    if util::frontend().join("node_modules").is_dir() {
        util::run(
            "generate the GraphQL client",
            &mut util::npm(&["run", "codegen"]),
        )?;
    } else {
        println!(
            "frontend/node_modules is missing, so the GraphQL client (frontend/src/gql) was not \
             regenerated: run `cd frontend && npm ci`, then `cargo xtask schema` again"
        );
    }
    Ok(())
}
