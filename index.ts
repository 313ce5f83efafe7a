// Package entry of cdk-mlops: the constructs and the ready compositions.
export * from './constructs';
export * from './lib';
