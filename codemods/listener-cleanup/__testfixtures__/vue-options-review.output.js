export default {
  mounted() {
    window.addEventListener('resize', () => this.layout());
  },
  methods: {
    layout() {},
  },
};
