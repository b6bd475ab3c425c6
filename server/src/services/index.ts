import notify from './notify';
import read from './read';
import channels from './channels';
import providers from './providers';
import delivery from './delivery';
import queue from './queue';
import triggers from './triggers';
import stream from './stream';
import compose from './compose';

export default {
  notify,
  read,
  channels,
  providers,
  delivery,
  queue,
  triggers,
  stream,
  compose,
};
