//! The real guide in `content/` is the largest fixture: it must build in strict mode.

use crate::support::{SiteTest, workspace};

#[test]
fn the_guide_builds_strictly() {
    let site = SiteTest { root: workspace() };
    let result = site.run(&["check", "--strict"]);
    assert!(result.success, "the guide has problems:\n{}", result.stderr);
}
