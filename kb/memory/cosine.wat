;; Dot products of one sparse query with every slot's vector, in single precision exactly as
;; pgvector sums them (each product rounded to float, then added to the running float sum, in
;; dimension order), four slots at a time with SIMD. Vectors are held column by column: column d of
;; slot i is at cols + (d * capacity + i) * 4. Built into cosine-wasm.ts by `npm run build:wasm`.
(module
  (memory (export "memory") 1)
  ;; dots[0..n) = sum over k < nnz of f32(column(dims[k])[i] * qs[k]), k ascending.
  ;; n is a multiple of 4 (slots past the last are zero); work goes a block of slots at a time so
  ;; the block's running sums stay in the cache while every dimension is added to them.
  (func (export "dots") (param $dots i32) (param $cols i32) (param $capacity i32) (param $n i32)
    (param $dims i32) (param $qs i32) (param $nnz i32) (param $block i32)
    (local $start i32) (local $end i32) (local $k i32) (local $i i32)
    (local $col i32) (local $q v128) (local $at i32)
    (block $all_done
      (loop $blocks
        (br_if $all_done (i32.ge_u (local.get $start) (local.get $n)))
        (local.set $end (i32.add (local.get $start) (local.get $block)))
        (if (i32.gt_u (local.get $end) (local.get $n)) (then (local.set $end (local.get $n))))
        ;; zero this block's sums
        (local.set $i (local.get $start))
        (block $zeroed
          (loop $zero
            (br_if $zeroed (i32.ge_u (local.get $i) (local.get $end)))
            (v128.store (i32.add (local.get $dots) (i32.shl (local.get $i) (i32.const 2))) (v128.const i32x4 0 0 0 0))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $zero)))
        (local.set $k (i32.const 0))
        (block $dims_done
          (loop $each_dim
            (br_if $dims_done (i32.ge_u (local.get $k) (local.get $nnz)))
            (local.set $col
              (i32.add (local.get $cols)
                (i32.shl
                  (i32.mul (i32.load (i32.add (local.get $dims) (i32.shl (local.get $k) (i32.const 2)))) (local.get $capacity))
                  (i32.const 2))))
            (local.set $q (f32x4.splat (f32.load (i32.add (local.get $qs) (i32.shl (local.get $k) (i32.const 2))))))
            (local.set $i (local.get $start))
            (block $slots_done
              (loop $each_slot
                (br_if $slots_done (i32.ge_u (local.get $i) (local.get $end)))
                (local.set $at (i32.add (local.get $dots) (i32.shl (local.get $i) (i32.const 2))))
                (v128.store (local.get $at)
                  (f32x4.add (v128.load (local.get $at))
                    (f32x4.mul (v128.load (i32.add (local.get $col) (i32.shl (local.get $i) (i32.const 2)))) (local.get $q))))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $each_slot)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $each_dim)))
        (local.set $start (local.get $end))
        (br $blocks))))
)
