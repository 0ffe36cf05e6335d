//! Why presentation failed: a template that did not render, or a chart that could not be drawn
//! (named by what it was drawing, so the build says which proposal or implementor).

use std::fmt;

#[derive(Debug)]
pub enum PresentError {
    /// A template failed while rendering a file.
    Render {
        path: String,
        template: String,
        message: String,
    },
    /// A chart could not be drawn; `subject` names what it was drawing (a proposal id, an
    /// implementor, the overview), plotters' error is the source.
    Chart {
        subject: String,
        source: super::charts::ChartError,
    },
}

impl fmt::Display for PresentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PresentError::Render {
                path,
                template,
                message,
            } => write!(f, "rendering {path} with {template}: {message}"),
            PresentError::Chart { subject, source } => {
                write!(f, "the chart of {subject} cannot be drawn: {source}")
            }
        }
    }
}

impl std::error::Error for PresentError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PresentError::Render { .. } => None,
            PresentError::Chart { source, .. } => Some(source),
        }
    }
}
