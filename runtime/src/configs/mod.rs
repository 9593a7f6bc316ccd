//! Each pallet's configuration, one file per pallet.

mod aura;
mod balances;
mod consent;
mod datasets;
mod grandpa;
mod lineage;
mod proxy;
mod rewards;
mod sudo;
mod system;
mod timestamp;
mod transaction_payment;

pub use proxy::ProxyType;
pub use system::{BlockHashCount, RuntimeBlockLength, RuntimeBlockWeights};
