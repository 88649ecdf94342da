// The hub's double-entry ledger: accounts, transfers, the chart of accounts, clearing and 预付金 arithmetic.
export * from './apply.ts';
export * from './chart.ts';
export * from './clearing.ts';
export * from './model.ts';
export * from './prepaid.ts';
export * from './uncleared.ts';
