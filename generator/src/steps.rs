//! The guide's steps: the spine of a step-by-step guide (GOV.UK's step-by-step pattern).
//!
//! A guide's steps are the pages of the start page's first section (by weight, then title):
//! numbered in their order, a step whose front matter says `step_logic: and` or `or` sharing
//! the number of the step before it. The theme shows them on the start page and the section's
//! page as a step-by-step list, numbers them in the sidebar, and gives each step page its
//! "Step 3 of 5" and links to the steps on either side. Nothing here is written by hand in the
//! guide: the structure of `content/` decides it.

use crate::diagnostics::Diagnostic;
use crate::front_matter::StepLogic;
use crate::model::{PageId, SiteModel};

/// One step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The step's page.
    pub page: PageId,
    /// Its number, from 1; a step joined by `and`/`or` has the number of the one before it.
    pub number: usize,
    /// How it goes with the step before it.
    pub logic: Option<StepLogic>,
}

/// The guide's steps, and which page is which step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Steps {
    /// The section whose pages are the steps (`None` when the start page has no section).
    pub section: Option<PageId>,
    /// The steps, in order.
    pub list: Vec<Step>,
    /// By `PageId`: where the page is in `list`.
    pub of_page: Vec<Option<usize>>,
    /// How many numbers the steps use (the `5` of "Step 3 of 5").
    pub total: usize,
}

impl Steps {
    /// The steps of `model` (see the module's documentation).
    pub fn of(model: &SiteModel) -> Self {
        let root = model.page(model.root());
        let section = root
            .children
            .iter()
            .copied()
            .find(|&child| model.page(child).is_section());
        let mut steps = Self {
            section,
            list: Vec::new(),
            of_page: vec![None; model.pages.len()],
            total: 0,
        };
        let Some(section) = section else {
            return steps;
        };
        for &page in &model.page(section).children {
            let logic = model.page(page).front.step_logic;
            let number = match logic {
                Some(_) if steps.total > 0 => steps.total,
                _ => {
                    steps.total += 1;
                    steps.total
                }
            };
            steps.of_page[page.0] = Some(steps.list.len());
            steps.list.push(Step {
                page,
                number,
                logic: logic.filter(|_| !steps.list.is_empty()),
            });
        }
        steps
    }

    /// Page `id` as a step, if it is one.
    pub fn step(&self, id: PageId) -> Option<&Step> {
        self.of_page
            .get(id.0)
            .copied()
            .flatten()
            .map(|at| &self.list[at])
    }

    /// The steps before and after page `id`, when it is a step.
    pub fn neighbours(&self, id: PageId) -> (Option<&Step>, Option<&Step>) {
        match self.of_page.get(id.0).copied().flatten() {
            Some(at) => (
                at.checked_sub(1).map(|before| &self.list[before]),
                self.list.get(at + 1),
            ),
            None => (None, None),
        }
    }
}

/// `step_logic` where it cannot apply: on a page that is not a step, or on the first step
/// (there is no step before it to go with).
pub fn check(model: &SiteModel, steps: &Steps) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (index, page) in model.pages.iter().enumerate() {
        let Some(logic) = page.front.step_logic else {
            continue;
        };
        let word = logic.word();
        let message = match steps.step(PageId(index)) {
            Some(step) if step.logic.is_none() => format!(
                "`step_logic: {word}` is on the first step, which has no step before it to go with: remove it, or give this page a higher `weight` than the step it goes with"
            ),
            Some(_) => continue,
            None => {
                let section = steps.section.map_or_else(
                    || "the start page's first section".to_owned(),
                    |section| {
                        let path = &model.page(section).source_path;
                        let folder = path.strip_suffix("_index.md").unwrap_or(path);
                        format!("`{folder}`")
                    },
                );
                format!(
                    "`step_logic: {word}` joins a step to the step before it, but this page is not a step: only the pages of the guide's steps section ({section}) are steps"
                )
            }
        };
        problems.push(Diagnostic::error(
            &page.source_path,
            page.front.step_logic_at,
            message,
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{self, ModelOptions};
    use crate::source::TextFile;

    fn site(files: &[(&str, &str)]) -> (SiteModel, Vec<Diagnostic>) {
        let content: Vec<TextFile> = files
            .iter()
            .map(|(path, text)| TextFile {
                path: (*path).to_owned(),
                text: (*text).into(),
            })
            .collect();
        let config = crate::config::parse("title: T\nbase_url: https://example.org/g/\n")
            .expect("valid config");
        let mut dirs: Vec<String> = files
            .iter()
            .filter_map(|(path, _)| path.rsplit_once('/').map(|(dir, _)| dir.to_owned()))
            .collect();
        dirs.dedup();
        model::build(config, &content, &dirs, ModelOptions::default())
    }

    fn page(title: &str, weight: i64, logic: &str) -> String {
        format!("---\ntitle: {title}\nweight: {weight}\n{logic}---\n")
    }

    #[test]
    fn steps_are_numbered_and_share_a_number_with_and_or() {
        let files = [
            ("content/_index.md", page("Home", 0, "")),
            ("content/about.md", page("About", 0, "")),
            ("content/steps/_index.md", page("Steps", 1, "")),
            ("content/steps/a.md", page("A", 1, "")),
            ("content/steps/b.md", page("B", 2, "")),
            ("content/steps/c.md", page("C", 3, "step_logic: or\n")),
            ("content/steps/d.md", page("D", 4, "step_logic: and\n")),
            ("content/steps/e.md", page("E", 5, "")),
            ("content/more/_index.md", page("More", 2, "")),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let (model, problems) = site(&files);
        assert_eq!(problems, vec![]);
        let steps = Steps::of(&model);
        assert_eq!(
            steps.section.map(|s| model.page(s).front.title.as_str()),
            Some("Steps")
        );
        let seen: Vec<(&str, usize, Option<&str>)> = steps
            .list
            .iter()
            .map(|step| {
                (
                    model.page(step.page).front.title.as_str(),
                    step.number,
                    step.logic.map(StepLogic::word),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("A", 1, None),
                ("B", 2, None),
                ("C", 2, Some("or")),
                ("D", 2, Some("and")),
                ("E", 3, None)
            ]
        );
        assert_eq!(steps.total, 3);
        let c = steps.list[2].page;
        let (before, after) = steps.neighbours(c);
        assert_eq!(before.map(|s| s.number), Some(2));
        assert_eq!(
            after.map(|s| model.page(s.page).front.title.as_str()),
            Some("D")
        );
        assert!(steps.step(model.root()).is_none());
    }

    #[test]
    fn step_logic_off_a_step_or_on_the_first_step_is_an_error_at_its_value() {
        let files = [
            ("content/_index.md", page("Home", 0, "")),
            ("content/about.md", page("About", 0, "step_logic: or\n")),
            ("content/steps/_index.md", page("Steps", 1, "")),
            ("content/steps/a.md", page("A", 1, "step_logic: and\n")),
            ("content/steps/b.md", page("B", 2, "")),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let (model, _) = site(&files);
        let problems = check(&model, &Steps::of(&model));
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0].starts_with("content/about.md:4:13: error: `step_logic: or` joins a step"),
            "{}",
            shown[0]
        );
        assert!(
            shown[1].starts_with(
                "content/steps/a.md:4:13: error: `step_logic: and` is on the first step"
            ),
            "{}",
            shown[1]
        );
    }
}
