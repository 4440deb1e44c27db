// The PP-OCR ONNX exports (paddle2onnx) spell every convolution's tail as separate element-wise nodes: a
// learnable affine (Mul by a scalar, Add a scalar) after the convolution, hard-swish as Add 3 -> Clip 0..6 ->
// Mul -> Div 6, and another affine after the activation. ONNX Runtime fuses none of them (the scalar is the
// Mul's first input, the Clip has the opset-9 form), so they cost about 40% of a recognition run, and the
// layout reorders around them more. This rewrites the graph with the same arithmetic:
// - Conv -> Mul(a) [-> Add(b)]                   => Conv with weights a*W and bias a*B + b;
// - Add(x, 3) -> Clip(0, 6) -> Mul(x, .) -> Div(6) => Mul(x, HardSigmoid(x; 1/6, 1/2));
// - Mul(c) [-> Add(d)] feeding only 1x1 unpadded, ungrouped convolutions => those convolutions with weights
//   c*W and bias B + d*sum(W) (exact only without padding, so 3x3 and 5x5 consumers keep their affine).
// Outputs agree with the original model to float rounding (~1e-5 on the softmax).
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type NodeProto = InstanceType<typeof onnx.NodeProto>;

export interface FoldCounts {
  readonly affineIntoConv: number;
  readonly hardSwish: number;
  readonly affineIntoNextConv: number;
}

/** Returns the rewritten model (ONNX protobuf bytes) and how many patterns were folded. */
export function foldElementwiseTails(model: Uint8Array): { model: Uint8Array; folded: FoldCounts } {
  const proto = onnx.ModelProto.decode(model);
  const graph = proto.graph;
  if (!graph) return { model, folded: { affineIntoConv: 0, hardSwish: 0, affineIntoNextConv: 0 } };
  const constants = new Constants(graph.node as NodeProto[]);
  const graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));

  const affine = rewrite(graph.node as NodeProto[], (node, users, removed) =>
    foldAffineIntoConv(node, { users, removed, constants, graphOutputs }),
  );
  const swish = rewrite(affine.kept, (node, users, removed) =>
    foldHardSwish(node, { users, removed, constants, graphOutputs }),
  );
  const next = rewrite(swish.kept, (node, users, removed) =>
    foldAffineIntoNextConv(node, { users, removed, constants, graphOutputs }),
  );

  // Constants nothing reads any more (the scalars of the removed nodes).
  const read = new Set(next.kept.flatMap((n) => n.input));
  for (const name of graphOutputs) read.add(name);
  graph.node = [
    ...constants.added(),
    ...next.kept.filter((n) => n.opType !== 'Constant' || n.output.some((o) => read.has(o))),
  ];
  return {
    model: onnx.ModelProto.encode(proto).finish(),
    folded: { affineIntoConv: affine.count, hardSwish: swish.count, affineIntoNextConv: next.count },
  };
}

/** Conv -> Mul(a) [-> Add(b)]: the affine moves into the convolution's weights and bias. */
function foldAffineIntoConv(conv: NodeProto, { users, removed, constants, graphOutputs }: Scope): boolean {
  const out = conv.output[0]!;
  if (conv.opType !== 'Conv' || graphOutputs.has(out) || !constants.ownedBy(conv, users)) return false;
  const mul = only(users, out, 'Mul');
  const a = mul ? constants.scalarOperand(mul, out) : null;
  if (!mul || a === null) return false;
  const add = graphOutputs.has(mul.output[0]!) ? null : only(users, mul.output[0]!, 'Add');
  const b = add ? constants.scalarOperand(add, mul.output[0]!) : null;
  const shift = add && b !== null ? b : 0;
  const tail = add && b !== null ? add : mul;
  const { weights, bias } = constants.convParameters(conv);
  constants.setConvParameters(conv, affine(weights.values, a, 0), affine(bias, a, shift));
  conv.output[0] = tail.output[0]!;
  removed.add(mul);
  removed.add(tail);
  return true;
}

/** Add(x, 3) -> Clip(0, 6) -> Mul(x, .) -> Div(6), which is x * HardSigmoid(x) with alpha 1/6, beta 1/2. */
function foldHardSwish(add: NodeProto, { users, removed, constants, graphOutputs }: Scope): boolean {
  if (add.opType !== 'Add') return false;
  const x = add.input.find((name) => !constants.has(name));
  if (x === undefined || constants.scalarOperand(add, x) !== 3) return false;
  const clip = only(users, add.output[0]!, 'Clip');
  if (!clip || clip.input[0] !== add.output[0] || !constants.clipsTo(clip, 0, 6)) return false;
  const mul = only(users, clip.output[0]!, 'Mul');
  if (!mul?.input.includes(x) || graphOutputs.has(mul.output[0]!)) return false;
  const div = only(users, mul.output[0]!, 'Div');
  if (!div || div.input[0] !== mul.output[0] || constants.scalarOperand(div, mul.output[0]!) !== 6)
    return false;
  add.opType = 'HardSigmoid';
  add.input = [x];
  add.attribute = [
    onnx.AttributeProto.create({ name: 'alpha', type: onnx.AttributeProto.AttributeType.FLOAT, f: 1 / 6 }),
    onnx.AttributeProto.create({ name: 'beta', type: onnx.AttributeProto.AttributeType.FLOAT, f: 0.5 }),
  ];
  mul.input = [x, add.output[0]!];
  mul.output = [div.output[0]!];
  removed.add(clip);
  removed.add(div);
  return true;
}

/**
 * Mul(c) [-> Add(d)] read only by 1x1 unpadded, ungrouped convolutions: W*(c*x + d) + B is (c*W)*x +
 * (B + d*sum(W)). With padding the border would see 0 instead of d, so other consumers keep the affine.
 */
function foldAffineIntoNextConv(mul: NodeProto, { users, removed, constants, graphOutputs }: Scope): boolean {
  if (mul.opType !== 'Mul') return false;
  const x = mul.input.find((name) => !constants.has(name));
  const c = x === undefined ? null : constants.scalarOperand(mul, x);
  if (x === undefined || c === null || graphOutputs.has(mul.output[0]!)) return false;
  const add = only(users, mul.output[0]!, 'Add');
  const d = add ? constants.scalarOperand(add, mul.output[0]!) : null;
  const shift = add && d !== null ? d : 0;
  const tail = add && d !== null ? add : mul;
  const out = tail.output[0]!;
  const targets = users.get(out) ?? [];
  if (graphOutputs.has(out) || targets.length === 0) return false;
  for (const conv of targets) {
    if (conv.opType !== 'Conv' || conv.input[0] !== out || conv.input.slice(1).includes(out)) return false;
    if (!isPointwise(conv) || !constants.ownedBy(conv, users)) return false;
  }
  for (const conv of targets) {
    const { weights, bias } = constants.convParameters(conv);
    const [outChannels, inChannels] = weights.dims as [number, number];
    const shifted = new Float32Array(outChannels);
    for (let o = 0; o < outChannels; o++) {
      let sum = 0;
      for (let i = 0; i < inChannels; i++) sum += weights.values[o * inChannels + i]!;
      shifted[o] = bias[o]! + shift * sum;
    }
    constants.setConvParameters(conv, affine(weights.values, c, 0), shifted);
    conv.input[0] = x;
  }
  removed.add(mul);
  removed.add(tail);
  return true;
}

type Users = Map<string, NodeProto[]>;

/** What a fold reads (consumers, constants, the graph's outputs) and where it puts the nodes it removes. */
interface Scope {
  readonly users: Users;
  readonly removed: Set<NodeProto>;
  readonly constants: Constants;
  readonly graphOutputs: ReadonlySet<string>;
}

/**
 * Visits every node with the map of tensor consumers; `visit` returns true when it rewrote the node and
 * adds the nodes it made redundant to `removed`. Returns the rewrites done and the nodes left.
 */
function rewrite(
  nodes: readonly NodeProto[],
  visit: (node: NodeProto, users: Users, removed: Set<NodeProto>) => boolean,
): { count: number; kept: NodeProto[] } {
  let count = 0;
  const removed = new Set<NodeProto>();
  let users = usersOf(nodes);
  for (const node of nodes) {
    if (removed.has(node) || !visit(node, users, removed)) continue;
    count++;
    // Inputs were rewired: consumers are recomputed for the nodes that follow.
    users = usersOf(nodes.filter((n) => !removed.has(n)));
  }
  return { count, kept: nodes.filter((n) => !removed.has(n)) };
}

function usersOf(nodes: readonly NodeProto[]): Users {
  const users: Users = new Map();
  for (const node of nodes) {
    for (const input of node.input) {
      const list = users.get(input);
      if (list) list.push(node);
      else users.set(input, [node]);
    }
  }
  return users;
}

/** The single consumer of `tensor` when it is an `opType` node. */
function only(users: Users, tensor: string, opType: string): NodeProto | null {
  const list = users.get(tensor) ?? [];
  return list.length === 1 && list[0]!.opType === opType ? list[0]! : null;
}

function isPointwise(conv: NodeProto): boolean {
  const attribute = (name: string) => conv.attribute.find((a) => a.name === name);
  const kernel = attribute('kernel_shape')?.ints ?? [];
  const pads = attribute('pads')?.ints ?? [];
  const group = Number(attribute('group')?.i ?? 1);
  const autoPad = attribute('auto_pad')?.s;
  const padded = autoPad !== undefined && autoPad !== null && autoPad.length > 0;
  return (
    kernel.length > 0 &&
    kernel.every((k) => Number(k) === 1) &&
    pads.every((p) => Number(p) === 0) &&
    group === 1 &&
    !padded
  );
}

/** The graph's Constant nodes (these exports keep every weight in one), read and rewritten as float32. */
class Constants {
  private readonly byOutput = new Map<string, NodeProto>();
  private readonly created: NodeProto[] = [];

  constructor(nodes: readonly NodeProto[]) {
    for (const node of nodes) if (node.opType === 'Constant') this.byOutput.set(node.output[0]!, node);
  }

  has(name: string): boolean {
    return this.byOutput.has(name);
  }

  added(): NodeProto[] {
    return this.created;
  }

  floats(name: string): { values: Float32Array; dims: number[] } | null {
    const tensor = this.floatTensor(name);
    if (!tensor) return null;
    const dims = (tensor.dims ?? []).map((d) => Number(d));
    if (tensor.rawData && tensor.rawData.length > 0)
      return { values: fromLittleEndian(tensor.rawData), dims };
    return { values: Float32Array.from(tensor.floatData ?? []), dims };
  }

  /** The float tensor a Constant node holds, without decoding its values. */
  private floatTensor(name: string): InstanceType<typeof onnx.TensorProto> | null {
    const tensor = this.byOutput.get(name)?.attribute.find((a) => a.name === 'value')?.t;
    return tensor && tensor.dataType === onnx.TensorProto.DataType.FLOAT
      ? (tensor as InstanceType<typeof onnx.TensorProto>)
      : null;
  }

  /** The scalar constant among `node`'s two inputs when the other one is `operand`. */
  scalarOperand(node: NodeProto, operand: string): number | null {
    if (node.input.length !== 2) return null;
    const other =
      node.input[0] === operand ? node.input[1] : node.input[1] === operand ? node.input[0] : null;
    if (other === null || other === undefined) return null;
    const value = this.floats(other);
    return value && value.values.length === 1 ? value.values[0]! : null;
  }

  /** A Clip to [low, high], in the attribute form (opset < 11) or the input form. */
  clipsTo(clip: NodeProto, low: number, high: number): boolean {
    if (clip.input.length >= 3) {
      return (
        this.floats(clip.input[1]!)?.values[0] === low && this.floats(clip.input[2]!)?.values[0] === high
      );
    }
    const attribute = (name: string) => clip.attribute.find((a) => a.name === name)?.f;
    return attribute('min') === low && attribute('max') === high;
  }

  /** The weights (and bias) of `conv` are constants no other node reads, so they may be rewritten. */
  ownedBy(conv: NodeProto, users: Users): boolean {
    return conv.input
      .slice(1)
      .every((name) => this.floatTensor(name) !== null && (users.get(name) ?? []).length === 1);
  }

  /** A convolution's weights and bias (zeros when it has none); `ownedBy` must hold. */
  convParameters(conv: NodeProto): { weights: { values: Float32Array; dims: number[] }; bias: Float32Array } {
    const weights = this.floats(conv.input[1]!)!;
    const bias = conv.input[2] ? this.floats(conv.input[2])!.values : new Float32Array(weights.dims[0]!);
    return { weights, bias };
  }

  /** Replaces a convolution's weights (same shape) and bias, adding a bias input when it had none. */
  setConvParameters(conv: NodeProto, weights: Float32Array, bias: Float32Array): void {
    this.set(conv.input[1]!, weights);
    const biasName = conv.input[2] ?? `${conv.output[0]}.folded_bias`;
    this.set(biasName, bias, [bias.length]);
    if (!conv.input[2]) conv.input.push(biasName);
  }

  private set(name: string, values: Float32Array, dims?: number[]): void {
    let node = this.byOutput.get(name);
    if (!node) {
      node = onnx.NodeProto.create({
        opType: 'Constant',
        output: [name],
        attribute: [
          onnx.AttributeProto.create({
            name: 'value',
            type: onnx.AttributeProto.AttributeType.TENSOR,
            t: onnx.TensorProto.create({ dataType: onnx.TensorProto.DataType.FLOAT, name }),
          }),
        ],
      });
      this.byOutput.set(name, node);
      this.created.push(node);
    }
    const tensor = node.attribute[0]!.t!;
    tensor.floatData = [];
    tensor.rawData = toLittleEndian(values);
    if (dims) tensor.dims = dims;
  }
}

/**
 * scale * v + shift for every value, rounded to float32 (as TypedArray.map would, whose per-value callback
 * was a third of a cold start's folding time).
 */
function affine(values: Float32Array, scale: number, shift: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * scale + shift;
  return out;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * ONNX raw float data (little-endian) as floats. On a little-endian machine that is a copy of the bytes;
 * the value-by-value DataView reads made folding the recognition model take ~0.1 s at a cold start.
 */
function fromLittleEndian(raw: Uint8Array): Float32Array {
  const values = new Float32Array(raw.length >> 2);
  if (littleEndian) {
    new Uint8Array(values.buffer).set(raw.subarray(0, values.length * 4));
    return values;
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}

function toLittleEndian(values: Float32Array): Uint8Array {
  if (littleEndian) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return raw;
}
