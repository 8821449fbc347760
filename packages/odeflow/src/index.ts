/**
 * odeflow — neural ordinary differential equations and the adjoint method in TypeScript.
 * The facade: `odeint` for plain functions, `createOdeflow` for experiments whose backend, solver and
 * sensitivity are resolved by name, and re-exports of every package that runs anywhere (Node or a browser).
 * The Node-only parts — pipelines, the CLI's runner, parameter files — come from `odeflow/node`; ODE blocks
 * inside TensorFlow.js code from `odeflow/tfjs`. TensorFlow.js is loaded only when a tfjs backend is asked for.
 * @packageDocumentation
 * @module odeflow
 */
import 'reflect-metadata';
export * from '@odeflow/core';
export * from '@odeflow/blocks';
export * from '@odeflow/solvers';
export * from '@odeflow/adjoint';
export * from '@odeflow/equations';
export * from '@odeflow/train';
export * from '@odeflow/runtime';
