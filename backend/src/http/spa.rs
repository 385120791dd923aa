//! Serving the built SPA from disk: hashed `/assets/*` cached forever (a missing asset is a real
//! 404), every other GET path gets `index.html` (200) so client-side routes work. Static files are
//! gzip-compressed; API responses are not (compressing secrets next to reflected input invites
//! BREACH-style attacks).

use std::path::Path;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

const NOT_BUILT: &str = "<!doctype html><meta charset=utf-8><title>Tillit</title>\
    <p>The web app has not been built. Run <code>cargo xtask run</code>, which builds it.</p>";

pub fn routes(static_dir: &Path) -> Router<AppState> {
    let index = static_dir.join("index.html");
    if !index.exists() {
        tracing::warn!(dir = %static_dir.display(), "SPA not built; serving a notice instead");
        return Router::new()
            .route("/", get(not_built))
            .fallback(get(not_built));
    }
    let assets = Router::new()
        .fallback_service(ServeDir::new(static_dir.join("assets")))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ));
    let pages = ServeDir::new(static_dir)
        .append_index_html_on_directories(true)
        .fallback(ServeFile::new(index));
    Router::new()
        .nest_service("/assets", assets)
        .fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-cache"),
                ))
                .service(pages),
        )
        .layer(CompressionLayer::new().gzip(true))
}

async fn not_built() -> impl IntoResponse {
    (StatusCode::SERVICE_UNAVAILABLE, Html(NOT_BUILT))
}
