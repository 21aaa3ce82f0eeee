//! `[[correlations]]`: how uncertain fields move together, as a correlation matrix and its
//! Cholesky factor.

use toml::{Spanned, Value};

use super::{Placed, RawCorrelation, Uncertain, UncertaintyError};

/// The correlation matrix of `fields`: the identity but for the pairs given. A pair that
/// cannot be used is passed to `refused` and left out.
pub(super) fn matrix(
    correlations: &[Spanned<RawCorrelation>],
    fields: &[Uncertain],
    mut refused: impl FnMut(Placed),
) -> Vec<Vec<f64>> {
    let n = fields.len();
    let mut matrix = vec![vec![0.0; n]; n];
    for (i, row) in matrix.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    for c in correlations {
        let index = |name: &Spanned<String>| {
            fields
                .iter()
                .position(|f| f.field == *name.get_ref())
                .ok_or_else(|| {
                    let e = UncertaintyError::NotUncertain(name.get_ref().clone());
                    (name.span(), e)
                })
        };
        let raw = c.get_ref();
        let (a, b) = match (index(&raw.a), index(&raw.b)) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => {
                a.err().into_iter().chain(b.err()).for_each(&mut refused);
                continue;
            }
        };
        match pair(c, a, b, &matrix) {
            Ok(r) => {
                matrix[a][b] = r;
                matrix[b][a] = r;
            }
            Err(e) => refused(e),
        }
    }
    matrix
}

/// The correlation `c` gives fields `a` and `b`: from -1 to 1, between two fields, and the
/// first for the pair.
fn pair(
    c: &Spanned<RawCorrelation>,
    a: usize,
    b: usize,
    matrix: &[Vec<f64>],
) -> Result<f64, Placed> {
    let raw = c.get_ref();
    let r = match raw.r.get_ref() {
        Value::Float(r) => *r,
        Value::Integer(r) => *r as f64,
        other => {
            let e = UncertaintyError::NotACorrelation(other.to_string());
            return Err((raw.r.span(), e));
        }
    };
    if a == b {
        Err((c.span(), UncertaintyError::SelfCorrelated))
    } else if !(-1.0..=1.0).contains(&r) {
        Err((raw.r.span(), UncertaintyError::CorrelationRange(r)))
    } else if matrix[a][b] != 0.0 {
        Err((c.span(), UncertaintyError::CorrelatedTwice))
    } else {
        Ok(r)
    }
}

/// The lower-triangular `L` with `L Lᵀ = matrix`, or `None` when the matrix is not positive
/// definite (a pivot at or below 1e-12).
pub fn cholesky(matrix: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = matrix.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let pivot = matrix[i][i] - sum;
                if pivot <= 1e-12 {
                    return None;
                }
                l[i][i] = pivot.sqrt();
            } else {
                l[i][j] = (matrix[i][j] - sum) / l[j][j];
            }
        }
    }
    Some(l)
}
