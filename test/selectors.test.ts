import t from 'tap';
import {
  SelectorError,
  fieldSelectorEqualities,
  fieldSelectorRequirements,
  fieldValue,
  labelRequirementsString,
  labelSelectorEqualities,
  labelSelectorFromObject,
  labelSelectorRequirements,
  parseFieldSelector,
  parseLabelSelector,
  selectableFields,
  type LabelSelectorObject,
} from '../src/store/selectors.js';

const QNAME_RE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_RE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function throwsSelector(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SelectorError) return e.message;
    throw e;
  }
  throw new Error('expected a SelectorError');
}

t.test('label selector strings match like labels.Parse', async (t) => {
  const L = { app: 'web', tier: 'front', 'example.com/team': 'a', n: '5' };
  // [selector, labels, expected]
  const table: [string, Record<string, string> | undefined, boolean][] = [
    ['', L, true],
    ['', undefined, true],
    ['   ', L, true],
    ['app=web', L, true],
    ['app==web', L, true],
    ['app = web', L, true],
    ['app=api', L, false],
    ['app=web,tier=front', L, true],
    ['app=web, tier=back', L, false],
    ['app!=api', L, true],
    ['app!=web', L, false],
    ['missing!=x', L, true], // != matches objects without the key
    ['missing!=x', undefined, true],
    ['app in (api,web)', L, true],
    ['app in(api, web)', L, true],
    ['app in (api)', L, false],
    ['app notin (api)', L, true],
    ['app notin (web)', L, false],
    ['missing notin (web)', L, true], // notin matches without the key
    ['app', L, true],
    ['missing', L, false],
    ['!missing', L, true],
    ['!app', L, false],
    ['!app', undefined, true],
    ['app', undefined, false],
    ['app=web', undefined, false],
    ['example.com/team=a', L, true],
    ['example.com/team in (b,a)', L, true],
    ['app=', L, false],
    ['empty=', { empty: '' }, true],
    ['empty in (,x)', { empty: '' }, true],
    ['empty in ()', { empty: '' }, true],
    ['in in (in)', { in: 'in' }, true], // keywords are identifiers where a value fits
    ['notin=notin', { notin: 'notin' }, true],
    ['n>4', L, true],
    ['n<5', L, false],
    ['app>1', L, false],
    ['constructor', {}, false], // never read the prototype
    ['!toString', {}, true],
    ['x=1,x=2', { x: '1' }, false],
    ['a,b,!c', { a: '', b: '' }, true],
  ];
  for (const [sel, labels, want] of table) {
    t.equal(parseLabelSelector(sel)(labels), want, `${JSON.stringify(sel)} on ${JSON.stringify(labels)}`);
  }
});

t.test('label selector requirements are parsed, sorted and deduplicated like Go', async (t) => {
  t.same(labelSelectorRequirements('z=1,a in (c,b,c),!m,k'), [
    { key: 'a', operator: 'in', values: ['b', 'c'] },
    { key: 'k', operator: 'exists', values: [] },
    { key: 'm', operator: '!', values: [] },
    { key: 'z', operator: '=', values: ['1'] },
  ]);
  t.same(labelSelectorRequirements('x in (a,,b)')[0]!.values, ['', 'a', 'b']);
  t.same(labelSelectorRequirements('x in (,a)')[0]!.values, ['', 'a']);
  t.same(labelSelectorRequirements('x in (a,)')[0]!.values, ['', 'a']);
  t.same(labelSelectorRequirements(''), []);
  t.equal(labelRequirementsString(labelSelectorRequirements('b notin (y,x), a==1, !c, d')), 'a==1,b notin (x,y),!c,d');
  t.same(labelSelectorEqualities('app=web,tier in (front),env in (a,b),x!=y,k'), { app: 'web', tier: 'front' });
  t.same(labelSelectorEqualities('a=1,a=2'), { a: '1' });
});

t.test('label selector syntax errors read like Kubernetes', async (t) => {
  const table: [string, string][] = [
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['a=b,', "found '', expected: identifier after ','"],
    ['a=b,,c', "found ',', expected: identifier after ','"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')'"],
    ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['a=(', "unable to parse requirement: found '(', expected: identifier"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['a>x', 'unable to parse requirement: values[0]: Invalid value: "x": for \'Gt\', \'Lt\' operators, the value must be an integer'],
  ];
  for (const [sel, msg] of table) t.equal(throwsSelector(() => parseLabelSelector(sel)), msg, sel);
});

t.test('label keys and values are validated like Kubernetes', async (t) => {
  const table: [string, string][] = [
    ['a/b/c=d', `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${QNAME_RE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ['-a=b', `unable to parse requirement: <nil>: Invalid value: "-a": name part ${QNAME_RE}`],
    ['/a', `unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty`],
    ['Foo.com/a', `unable to parse requirement: <nil>: Invalid value: "Foo.com/a": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`],
    ['x.io/', `unable to parse requirement: <nil>: Invalid value: "x.io/": name part must be non-empty; name part ${QNAME_RE}`],
    [`${'k'.repeat(64)}`, `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`],
    ['a=-b', `unable to parse requirement: values[0][a]: Invalid value: "-b": ${VALUE_RE}`],
    [`a=${'v'.repeat(64)}`, `unable to parse requirement: values[0][a]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
    ['a in (ok,-x,-y)', `unable to parse requirement: [values[0][a]: Invalid value: "-x": ${VALUE_RE}, values[1][a]: Invalid value: "-y": ${VALUE_RE}]`],
  ];
  for (const [sel, msg] of table) t.equal(throwsSelector(() => parseLabelSelector(sel)), msg, sel);
  // Limits that pass.
  t.ok(parseLabelSelector(`${'p'.repeat(253)}/${'k'.repeat(63)}=${'v'.repeat(63)}`));
  t.ok(parseLabelSelector('A_b.c-D=Under_score.OK'));
});

t.test('label selector objects', async (t) => {
  const L = { app: 'web', tier: 'front' };
  const table: [LabelSelectorObject, Record<string, string> | undefined, boolean][] = [
    [{}, L, true],
    [{}, undefined, true],
    [{ matchLabels: {} }, L, true],
    [{ matchLabels: { app: 'web' } }, L, true],
    [{ matchLabels: { app: 'web', tier: 'back' } }, L, false],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }, L, true],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, L, false],
    [{ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['web'] }] }, L, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, L, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, L, false],
    [{ matchExpressions: [{ key: 'x', operator: 'DoesNotExist', values: [] }] }, undefined, true],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, L, false],
  ];
  for (const [sel, labels, want] of table) t.equal(labelSelectorFromObject(sel)(labels), want, JSON.stringify(sel));
  // A nil selector matches nothing, as metav1.LabelSelectorAsSelector.
  t.equal(labelSelectorFromObject(undefined as unknown as LabelSelectorObject)({ a: 'b' }), false);

  const errors: [LabelSelectorObject, string][] = [
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, `values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty`],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] }, `values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty`],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, `values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist`],
    [{ matchExpressions: [{ key: 'a', operator: 'Gt' as 'In', values: ['1'] }] }, `"Gt" is not a valid label selector operator`],
    [{ matchLabels: { 'a/b/c': 'x' } }, `key: Invalid value: "a/b/c": a qualified name ${QNAME_RE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    [{ matchLabels: { a: 'x y' } }, `values[0][a]: Invalid value: "x y": ${VALUE_RE}`],
  ];
  for (const [sel, msg] of errors) t.equal(throwsSelector(() => labelSelectorFromObject(sel)), msg, JSON.stringify(sel));
});

const pod = (over: any = {}): any => ({
  kind: 'Pod',
  metadata: { name: 'p1', namespace: 'default', ...over.metadata },
  spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', ...over.spec },
  status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }], ...over.status },
});
const unbound = { kind: 'Pod', metadata: { name: 'p2', namespace: 'default' }, spec: {}, status: { phase: 'Pending' } };

t.test('field selectors match like the apiserver', async (t) => {
  const event = {
    kind: 'Event',
    metadata: { name: 'e1', namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'p1', uid: 'u1', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{c}' },
    reason: 'Scheduled',
    reportingComponent: '',
    source: { component: 'default-scheduler' },
    type: 'Normal',
  };
  const newEvent = { ...event, source: {}, reportingComponent: 'kubelet' };
  // [kind, selector, object, expected]
  const table: [string, string, any, boolean][] = [
    ['Pod', '', pod(), true],
    ['Pod', 'metadata.name=p1', pod(), true],
    ['Pod', 'metadata.name==p1', pod(), true],
    ['Pod', 'metadata.name!=p1', pod(), false],
    ['Pod', 'metadata.namespace=default,metadata.name=p1', pod(), true],
    ['Pod', 'metadata.namespace=kube-system,metadata.name=p1', pod(), false],
    ['Pod', 'spec.nodeName=n1', pod(), true],
    ['Pod', 'spec.nodeName=', pod(), false],
    ['Pod', 'spec.nodeName=', unbound, true], // missing compares as ""
    ['Pod', 'spec.nodeName!=', unbound, false],
    ['Pod', 'spec.nodeName!=', pod(), true],
    ['Pod', 'spec.host=n1', pod(), true], // old clients' alias
    ['Pod', 'spec.restartPolicy=Always', pod(), true],
    ['Pod', 'spec.schedulerName=default-scheduler', pod(), true],
    ['Pod', 'spec.serviceAccountName=default', pod(), true],
    ['Pod', 'spec.hostNetwork=false', pod(), true],
    ['Pod', 'spec.hostNetwork=true', pod({ spec: { hostNetwork: true } }), true],
    ['Pod', 'status.phase=Running', pod(), true],
    ['Pod', 'status.phase!=Running,status.phase!=Succeeded', unbound, true],
    ['Pod', 'status.podIP=10.0.0.1', pod(), true],
    ['Pod', 'status.podIP=10.0.0.9', pod({ status: { podIP: '10.0.0.9', podIPs: undefined } }), true],
    ['Pod', 'status.podIP=', unbound, true],
    ['Pod', 'status.podIPs=', pod(), true],
    ['Pod', 'status.nominatedNodeName=n2', pod({ status: { nominatedNodeName: 'n2' } }), true],
    ['Pod', 'metadata.name=a\\,b', pod({ metadata: { name: 'a,b' } }), true],
    ['Pod', 'metadata.name=a\\=b\\\\c', pod({ metadata: { name: 'a=b\\c' } }), true],
    ['Pod', 'metadata.name=p1,', pod(), true],
    ['Event', 'involvedObject.name=p1,involvedObject.namespace=default,involvedObject.uid=u1,involvedObject.kind=Pod', event, true],
    ['Event', 'involvedObject.apiVersion=v1,involvedObject.resourceVersion=7,involvedObject.fieldPath=spec.containers{c}', event, true],
    ['Event', 'reason=Scheduled,type=Normal,source=default-scheduler', event, true],
    ['Event', 'reportingComponent=', event, true],
    ['Event', 'source=kubelet,reportingComponent=kubelet', newEvent, true],
    ['Event', 'involvedObject.uid=u2', event, false],
    ['Node', 'spec.unschedulable=false', { metadata: { name: 'n1' }, spec: {} }, true],
    ['Node', 'spec.unschedulable=true', { metadata: { name: 'n1' }, spec: { unschedulable: true } }, true],
    ['Node', 'metadata.name=n1', { metadata: { name: 'n1' } }, true],
    ['Secret', 'type=kubernetes.io/tls', { metadata: { name: 's' }, type: 'kubernetes.io/tls' }, true],
    ['Namespace', 'status.phase=Active', { metadata: { name: 'ns' }, status: { phase: 'Active' } }, true],
    ['ReplicaSet', 'status.replicas=0', { metadata: { name: 'rs' }, status: {} }, true],
    ['ReplicaSet', 'status.replicas=3', { metadata: { name: 'rs' }, status: { replicas: 3 } }, true],
    ['Deployment', 'metadata.name=d,metadata.namespace=x', { metadata: { name: 'd', namespace: 'x' } }, true],
    ['ClusterRole', 'metadata.namespace=', { metadata: { name: 'r' } }, true],
  ];
  for (const [kind, sel, obj, want] of table) t.equal(parseFieldSelector(kind, sel)(obj), want, `${kind} ${sel}`);
});

t.test('field selector errors read like the apiserver', async (t) => {
  const table: [string, string, string][] = [
    ['Pod', 'foo.bar=x', 'field label not supported: foo.bar'],
    ['Pod', 'status.hostIP=1.2.3.4', 'field label not supported: status.hostIP'],
    ['Pod', 'metadata.name = x', 'field label not supported: metadata.name '], // no trimming, like Go
    ['Event', 'involvedObject.foo=x', 'field label not supported: involvedObject.foo'],
    ['Node', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['Namespace', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['Deployment', 'foo.bar=baz', '"foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['Deployment', 'spec.replicas=1', '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['Pod', 'metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['Pod', 'b=1,a', "invalid selector: 'b=1,a'; can't understand 'a'"],
    ['Pod', 'metadata.name=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['Pod', 'metadata.name!==x', 'invalid field selector: unescaped character in value: 61'],
    ['Pod', 'metadata.name=a\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['Pod', 'metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\'],
    // Terms are sorted before conversion, so the first unknown in sort order is named.
    ['Pod', 'zz=1,aa=2', 'field label not supported: aa'],
  ];
  for (const [kind, sel, msg] of table) t.equal(throwsSelector(() => parseFieldSelector(kind, sel)), msg, `${kind} ${sel}`);
});

t.test('field selector requirements and equalities for indexes', async (t) => {
  t.same(fieldSelectorRequirements('Pod', 'spec.host=n1,status.phase!=Failed'), [
    { field: 'spec.nodeName', operator: '=', value: 'n1' },
    { field: 'status.phase', operator: '!=', value: 'Failed' },
  ]);
  t.same(fieldSelectorEqualities('Pod', 'spec.nodeName=n1,status.phase!=Failed,metadata.name==p'), {
    'metadata.name': 'p',
    'spec.nodeName': 'n1',
  });
  t.same(fieldSelectorEqualities('Pod', 'spec.nodeName='), { 'spec.nodeName': '' });
  t.same(fieldSelectorEqualities('Pod', ''), {});
  t.same(fieldSelectorEqualities('Event', 'involvedObject.uid=a\\,b'), { 'involvedObject.uid': 'a,b' });
  t.equal(fieldValue('Pod', 'spec.nodeName', unbound), '');
  t.equal(fieldValue('Pod', 'spec.nodeName', pod()), 'n1');
  t.equal(fieldValue('Deployment', 'spec.replicas', {}), undefined);
  t.same(selectableFields('Node', { metadata: { name: 'n1' }, spec: { unschedulable: true } }), {
    'metadata.name': 'n1',
    'spec.unschedulable': 'true',
  });
});
