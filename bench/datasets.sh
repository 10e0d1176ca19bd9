# Sourced by the bench scripts: where each benchmark dataset's splits live. Needs $root (the project) and $data
# (../shared/data). dataset_splits NAME sets TRAIN, DEV and TEST; DEV is - when the dataset has no dev split.
dataset_splits() {
  case "$1" in
    atis|snips) TRAIN="$data/$1/train"; DEV="$data/$1/valid"; TEST="$data/$1/test" ;;
    cais) TRAIN="$data/cais/train/ch.train"; DEV="$data/cais/valid/ch.valid"; TEST="$data/cais/test/ch.test" ;;
    chabsa) TRAIN="$root/work/chabsa-split/train"; DEV="$root/work/chabsa-split/dev"
            TEST="$root/work/chabsa-split/test" ;;
    semeval14) TRAIN="$data/semeval2014-absa-restaurants/Restaurants_Train.xml"; DEV=-
               TEST="$data/semeval2014-absa-restaurants/Restaurants_Test_Gold.xml" ;;
    *) echo "unknown dataset '$1' (atis, snips, cais, chabsa, semeval14)" >&2; return 2 ;;
  esac
}
