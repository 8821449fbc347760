/**
 * odeflow — neural ordinary differential equations and the adjoint method in TypeScript.
 * The facade: `odeint` for plain functions, `createOdeflow` for experiments whose backend, solver and
 * sensitivity are resolved by name, and re-exports of every package a user needs.
 * @packageDocumentation
 * @module odeflow
 */
import 'reflect-metadata';
export * from '@odeflow/core';
export * from '@odeflow/blocks';
export * from '@odeflow/solvers';
export * from '@odeflow/adjoint';
export * from './function-dynamics.js';
export * from './function-jacobian.js';
export * from './odeint.js';
export * from './lazy-backend-factory.js';
export * from './create-container.js';
export * from './create-odeflow.js';
export * from './training/index.js';
export * from './pipeline/index.js';
export * from './equations/index.js';
