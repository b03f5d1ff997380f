// Total weight of the parcels of a (possibly empty) shipment.
import assert from "node:assert";

interface Parcel {
  kg: number;
}

const SHIPMENTS: Parcel[][] = [[{ kg: 2 }, { kg: 3 }], []];

function shipmentWeights(): number[] {
  const weights = SHIPMENTS.map((parcels) =>
    parcels.map((p) => p.kg).reduce((a, b) => a + b),
  );
  assert.deepStrictEqual(weights, [5, 0]);
  return weights;
}
