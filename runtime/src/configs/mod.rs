//! Each pallet's configuration, one file per pallet or concern.

mod aura;
mod balances;
mod consent;
mod datasets;
pub mod governance;
mod grandpa;
mod lineage;
pub mod parameters;
mod proxy;
mod rewards;
pub mod session;
mod sudo;
mod system;
mod timestamp;
mod transaction_payment;
mod treasury;

pub use parameters::dynamic_params;
pub use proxy::ProxyType;
pub use system::{BlockHashCount, RuntimeBlockLength, RuntimeBlockWeights, MAX_BLOCK_LENGTH};
pub use transaction_payment::DealWithFees;
